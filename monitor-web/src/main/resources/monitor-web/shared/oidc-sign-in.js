// Sign-in through the organisation's identity provider, shared by the monitor's pages (served by each service at
// /shared/oidc-sign-in.js; monitor-web). OAuth 2.0 authorization code with PKCE (RFC 7636, S256) as a public
// client: the page holds no secret. The page sends the browser to the provider with a fresh code challenge and a
// random `state`; on the way back it checks `state` against the one this tab kept, exchanges the code at the token
// endpoint with fetch() (the provider allows the page's origin by CORS), and hands the access token to the page,
// which keeps it like a pasted credential (sessionStorage: this tab only) and sends it only as a bearer header.
// `code` and `state` are taken out of the address bar at once, so they are neither bookmarked nor shared.

/** What this tab is waiting for: the state sent, the PKCE verifier, and where it was sent back to. This tab only. */
const PENDING_KEY = 'impact-monitor-sign-in';

/**
 * Whether and where this page's service lets people sign in through the identity provider (GET api/v1/sign-in,
 * open without a credential): {issuer, authorizationEndpoint, tokenEndpoint, clientId, scopes}, or null when it
 * does not (404) or cannot be asked.
 */
export async function signInOptions() {
  try {
    const answer = await fetch('api/v1/sign-in', {headers: {'Accept': 'application/json'}});
    if (!answer.ok) {
      return null;
    }
    const options = await answer.json();
    return options && options.authorizationEndpoint && options.tokenEndpoint && options.clientId ? options : null;
  } catch (e) {
    return null;
  }
}

function base64url(bytes) {
  let text = '';
  new Uint8Array(bytes).forEach((b) => {
    text += String.fromCharCode(b);
  });
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText(size) {
  return base64url(crypto.getRandomValues(new Uint8Array(size)));
}

/** This page's address without query or fragment: the redirect URI registered with the provider. */
function redirectUri() {
  return location.origin + location.pathname;
}

/**
 * Sends the browser to the provider's sign-in page. Rejects, with a sentence to show, where the browser cannot make
 * a code challenge (Web Crypto needs https, or http on localhost).
 */
export async function beginSignIn(options) {
  if (!window.crypto || !crypto.subtle || !crypto.getRandomValues) {
    throw new Error('This browser cannot sign in here: signing in needs a secure address (https). Use an access credential instead.');
  }
  const verifier = randomText(32);
  const state = randomText(16);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  // the fragment (e.g. the area a planner's link opened) is not sent to the provider: it is kept here and put back
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({state: state, verifier: verifier, redirectUri: redirectUri(), hash: location.hash}));
  const query = new URLSearchParams({
    response_type: 'code', client_id: options.clientId, redirect_uri: redirectUri(), scope: (options.scopes || ['openid']).join(' '),
    state: state, code_challenge: challenge, code_challenge_method: 'S256'
  });
  location.assign(options.authorizationEndpoint + (options.authorizationEndpoint.includes('?') ? '&' : '?') + query.toString());
}

/**
 * Finishes a sign-in when the provider has sent the browser back here (?code=&state= or ?error=): null when this is
 * not such a return; else {token} (the access token) or {error} (a sentence to show). Either way the answer's
 * parameters leave the address bar and the pending sign-in is forgotten, so it cannot be replayed by a reload.
 */
export async function finishSignIn(options) {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error') && !params.has('state')) {
    return null;
  }
  const pending = readPending();
  sessionStorage.removeItem(PENDING_KEY);
  history.replaceState(null, '', location.pathname + (pending && pending.hash ? pending.hash : location.hash));
  if (!pending || !params.get('state') || params.get('state') !== pending.state) {
    return {error: 'Sign-in refused: the answer from the sign-in page does not belong to a sign-in started in this tab (its state does not match). Please sign in again.'};
  }
  if (params.has('error')) {
    const why = params.get('error_description');
    return {error: params.get('error') === 'access_denied'
      ? 'Sign-in was refused or cancelled at your organisation\'s sign-in page' + (why ? ': ' + why : '') + '.'
      : 'Your organisation\'s sign-in page answered with an error (' + params.get('error') + (why ? ': ' + why : '') + '). Please try again.'};
  }
  if (!options) {
    return {error: 'Sign-in through your organisation is not available on this service any more. Use an access credential.'};
  }
  let answer;
  try {
    answer = await fetch(options.tokenEndpoint, {
      method: 'POST',
      headers: {'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/json'},
      body: new URLSearchParams({
        grant_type: 'authorization_code', code: params.get('code'), redirect_uri: pending.redirectUri,
        client_id: options.clientId, code_verifier: pending.verifier
      })
    });
  } catch (e) {
    return {error: 'Your organisation\'s identity provider could not be reached to finish signing in. Please try again.'};
  }
  let body = null;
  try {
    body = await answer.json();
  } catch (e) {
    body = null;
  }
  if (!answer.ok || !body || !body.access_token) {
    const why = body && (body.error_description || body.error);
    return {error: 'Your organisation\'s identity provider refused to issue a token (' + (why || 'answer ' + answer.status) + '). Please sign in again.'};
  }
  return {token: body.access_token};
}

function readPending() {
  try {
    return JSON.parse(sessionStorage.getItem(PENDING_KEY));
  } catch (e) {
    return null;
  }
}
