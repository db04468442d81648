// Review page shortcuts: a key press does what the button or link marked data-key="…" does
// (A approve, R choose a return reason, N next item); never while typing in a field.
document.addEventListener('keydown', function (e) {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  var t = e.target;
  if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
  var el = document.querySelector('[data-key="' + e.key.toLowerCase() + '"]');
  if (!el) return;
  e.preventDefault();
  if (el.tagName === 'SELECT') el.focus(); else el.click();
});
// Tells browser tests the shortcuts are listening (a key pressed before this script ran would be lost).
window.shifanKeys = true;
