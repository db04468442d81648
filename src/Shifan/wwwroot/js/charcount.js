// Live character count for textareas with data-count="ID of the counter" (whitespace is not counted,
// as in the 情况说明 limits). Works with Blazor's enhanced navigation by listening on the document.
document.addEventListener("input", function (e) {
  var t = e.target;
  if (!t || !t.dataset || !t.dataset.count) return;
  var counter = document.getElementById(t.dataset.count);
  if (!counter) return;
  var n = t.value.replace(/\s/g, "").length;
  var limit = parseInt(t.dataset.limit || "0", 10);
  counter.textContent = n + (limit ? " / " + limit : "") + " 字";
  counter.classList.toggle("over", limit > 0 && n > limit);
});
