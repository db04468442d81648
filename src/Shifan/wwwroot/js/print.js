// The print button of one-page briefs: the browser's print dialog, where "另存为 PDF" makes the PDF.
document.querySelectorAll('[data-print]').forEach(button => button.addEventListener('click', () => window.print()));
