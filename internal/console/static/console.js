// Comforts only: every page works without this file.
document.addEventListener('DOMContentLoaded', () => {
  // Show password: toggles the field between hidden and shown.
  document.querySelectorAll('.show-password').forEach((b) => {
    const input = document.getElementById(b.dataset.for);
    b.hidden = false;
    b.addEventListener('click', () => {
      const show = input.type === 'password';
      input.type = show ? 'text' : 'password';
      b.textContent = show ? 'Hide password' : 'Show password';
    });
  });
  // Delete buttons ask first.
  document.querySelectorAll('[data-confirm]').forEach((b) => {
    b.addEventListener('click', (e) => { if (!confirm(b.dataset.confirm)) e.preventDefault(); });
  });
});
