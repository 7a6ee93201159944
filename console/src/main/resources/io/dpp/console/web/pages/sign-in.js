// Sign-in, sign-up, password reset and address verification (docs/accounts.md "Users").

import { field, h, replace, toast } from '../dom.js';
import { api } from '../api.js';

export function render(main, ctx) {
  if (ctx.session.mode === 'open') {
    replace(main, h('h1', null, 'No sign-in in the open demo mode'),
      h('p', null, 'This platform runs with accounts.access: open: there are no users, every API answers without a key. ',
        h('a', { href: '#/markets' }, 'Markets')));
    return;
  }
  const forms = { 'sign-in': signInForm, 'sign-up': signUpForm, reset: resetForm, 'reset/confirm': confirmForm, verify: verify };
  forms[ctx.path](main, ctx);
}

function card(title, ...children) {
  return h('section', { class: 'card narrow' }, h('h1', null, title), ...children);
}

/** A form whose submit runs action(); its errors show in the form, next to the fields. */
function form(action, ...fields) {
  const error = h('p', { class: 'error', role: 'alert' });
  const button = fields.pop();
  const f = h('form', { novalidate: true }, ...fields, error, button);
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    button.disabled = true;
    try {
      await action(error);
    } catch (err) {
      error.textContent = err.message;
    } finally {
      button.disabled = false;
    }
  });
  return f;
}

function signInForm(main, ctx) {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const code = h('input', { name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6 });
  const codeField = field('Code from your authenticator app', code);
  codeField.hidden = true;
  const f = form(async (error) => {
    try {
      await api('POST', '/api/v1/users/sign-in', { email: email.value, password: password.value, code: code.value || undefined });
    } catch (e) {
      if (e.error === 'totp_required') {
        codeField.hidden = false;
        code.focus();
      }
      throw e;
    }
    await ctx.refresh();
    const next = ctx.query.get('next');
    location.hash = next && next.startsWith('#/') ? next : '#/markets';
  }, field('Email', email), field('Password', password), codeField, h('button', { type: 'submit' }, 'Sign in'));
  replace(main, card('Sign in', f,
    h('p', null, h('a', { href: '#/sign-up' }, 'Create an account'), ' · ', h('a', { href: '#/reset' }, 'Forgot your password?'))));
  email.focus();
}

function signUpForm(main) {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'new-password', required: true, minlength: 10 });
  const done = h('p', { role: 'status' });
  const f = form(async () => {
    const r = await api('POST', '/api/v1/users/sign-up', { email: email.value, password: password.value });
    done.textContent = r.message || 'Check your mail for the verification link.';
  }, field('Email', email), field('Password', password, '10 to 128 characters, at least 5 different; not your address'),
  h('button', { type: 'submit' }, 'Create account'));
  replace(main, card('Create an account', f, done, h('p', null, h('a', { href: '#/sign-in' }, 'Sign in'))));
  email.focus();
}

function resetForm(main) {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const done = h('p', { role: 'status' });
  const f = form(async () => {
    const r = await api('POST', '/api/v1/users/password/reset', { email: email.value });
    done.textContent = r.message;
  }, field('Email', email), h('button', { type: 'submit' }, 'Mail me a reset link'));
  replace(main, card('Reset your password', f, done, h('p', null, h('a', { href: '#/sign-in' }, 'Sign in'))));
  email.focus();
}

function confirmForm(main, ctx) {
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'new-password', required: true, minlength: 10 });
  const f = form(async () => {
    await api('POST', '/api/v1/users/password/reset/confirm', { token: ctx.query.get('token') || '', password: password.value });
    toast('Your password is changed: sign in with it.');
    location.hash = '#/sign-in';
  }, field('New password', password, '10 to 128 characters, at least 5 different; not your address'),
  h('button', { type: 'submit' }, 'Set password'));
  replace(main, card('Choose a new password', f));
  password.focus();
}

function verify(main, ctx) {
  const status = h('p', { role: 'status' }, 'Verifying…');
  replace(main, card('Verify your address', status, h('p', null, h('a', { href: '#/sign-in' }, 'Sign in'))));
  api('POST', '/api/v1/users/verify', { token: ctx.query.get('token') || '' })
    .then(() => { status.textContent = 'Your address is verified: you can sign in.'; })
    .catch((e) => { status.textContent = e.message; status.className = 'error'; });
}
