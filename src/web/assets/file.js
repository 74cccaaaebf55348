// The child file's print button.
(() => {
  document.querySelectorAll('[data-print]').forEach((button) => {
    button.addEventListener('click', () => {
      window.print();
    });
  });
})();
