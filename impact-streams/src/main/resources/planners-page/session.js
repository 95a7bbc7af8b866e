// Signing in (a pasted credential, or a token from the organisation's identity provider) and out.

import {$, state} from './state.js';
import {api, complain, describeProblem, say, TOKEN_KEY} from './api.js';
import {mayRead, openArea} from './areas.js';
import {stopStream} from './stream.js';
import {beginSignIn, finishSignIn, signInOptions} from './shared/oidc-sign-in.js';

// --- signing in ---

export async function signIn(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
  const me = await api('api/v1/me');
  if (me.status !== 200) {
    sessionStorage.removeItem(TOKEN_KEY);
    complain(me.status === 401 ? 'Please sign in again: the credential was not accepted.' : describeProblem(me));
    return false;
  }
  if (!me.body.home) {
    sessionStorage.removeItem(TOKEN_KEY);
    complain('This credential (' + me.body.name + ') may not read any area\'s indicators. Practices use the practice page of ingest-service.');
    return false;
  }
  state.me = me.body;
  const [areas, actions] = await Promise.all([api('api/v1/areas'), api('api/v1/actions')]);
  if (areas.status !== 200 || actions.status !== 200) {
    complain(describeProblem(areas.status !== 200 ? areas : actions));
    return false;
  }
  state.areas = new Map(areas.body.map((a) => [a.code, a]));
  state.actions = actions.body;
  $('who').textContent = 'Signed in as ' + me.body.name + ' (' + roleName(me.body.role) + ').';
  $('signed-in').hidden = false;
  $('sign-in-section').hidden = true;
  $('work').hidden = false;
  $('errors').textContent = '';
  const wanted = new URLSearchParams(location.hash.slice(1)).get('area');
  await openArea(wanted && mayRead(wanted) ? wanted : me.body.home, false);
  return true;
}

/**
 * Sign-in through the organisation's identity provider, beside the pasted credential: offers the button where this
 * service has one (GET api/v1/sign-in), and finishes a sign-in the provider has sent back here, going on exactly
 * as with a pasted credential. 'signed-in', 'refused' (said in words) or null (nothing came back).
 */
export async function organisationSignIn() {
  const options = await signInOptions();
  if (options) {
    $('idp-sign-in').hidden = false;
    $('sign-in-idp').addEventListener('click', () => {
      $('errors').textContent = '';
      beginSignIn(options).catch((e) => complain(e.message));
    });
  }
  const finished = await finishSignIn(options);
  if (finished && finished.error) {
    complain(finished.error);
    return 'refused';
  }
  if (finished && finished.token) {
    return (await signIn(finished.token)) ? 'signed-in' : 'refused';
  }
  return null;
}

export function roleName(role) {
  return {ICB: 'ICB planner', REGION: 'regional team', ADMIN: 'administrator', PRACTICE: 'practice'}[role] || role;
}

export function signOut(message) {
  stopStream();
  sessionStorage.removeItem(TOKEN_KEY);
  state.me = null;
  $('work').hidden = true;
  $('signed-in').hidden = true;
  $('sign-in-section').hidden = false;
  $('token').value = '';
  $('errors').textContent = '';
  say(message || 'Signed out.');
  $('token').focus();
}
