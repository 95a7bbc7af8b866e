// Talking to the API: the credential (sessionStorage only, this tab) goes only in the Authorization header.

import {$} from './state.js';

export const TOKEN_KEY = 'impact-monitor-token';
// --- talking to the API ---

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export async function api(path) {
  let response;
  try {
    response = await fetch(path, {headers: {'Accept': 'application/json, application/problem+json', 'Authorization': 'Bearer ' + token()}});
  } catch (e) {
    return {status: 0, body: {title: 'No connection', detail: 'The monitor could not be reached. Check your connection; the page tries again on the next update.'}};
  }
  const text = await response.text();
  let body = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch (e) {
      body = {detail: text};
    }
  }
  return {status: response.status, body: body};
}

export function say(text) {
  $('messages').textContent = text;
}

export function complain(text) {
  $('errors').textContent = text;
}

export function describeProblem(answer) {
  const problem = answer.body || {};
  return (problem.title || ('Error ' + answer.status)) + (problem.detail ? ': ' + problem.detail : '');
}
