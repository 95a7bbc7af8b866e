// The planners' page: plain JS against the impact-streams API (api.md), Chart.js from a webjar, no build step.
// The credential lives in sessionStorage only (closing the tab signs out) and goes only in the Authorization
// header: the live stream is read with fetch() and a ReadableStream, because EventSource cannot send a header
// and a token in a URL ends up in logs.
// ES modules by concern (format.js, state.js, api.js, session.js, areas.js, days.js, tables.js, status.js, map.js, charts.js, appointments.js, stream.js), no build step.

import {addDays} from './format.js';
import {$, state} from './state.js';
import {complain, say, token} from './api.js';
import {organisationSignIn, signIn, signOut} from './session.js';
import {childrenOf, mayRead, openArea} from './areas.js';
import {loadDay, showLatest} from './days.js';
import {loadAlerts} from './status.js';

// --- wiring ---

document.addEventListener('DOMContentLoaded', async () => {
  $('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('errors').textContent = '';
    const value = $('token').value.trim();
    if (!value) {
      complain('Enter your access credential.');
      $('token').setAttribute('aria-invalid', 'true');
      return;
    }
    $('token').removeAttribute('aria-invalid');
    if (await signIn(value)) {
      say('Signed in.');
      $('area-heading').focus();
    }
  });
  $('sign-out').addEventListener('click', () => signOut());
  $('region').addEventListener('change', () => {
    const code = $('region').value;
    openArea(mayRead(code) ? code : childrenOf(code).map((i) => i.code).find(mayRead), false);
  });
  $('icb').addEventListener('change', () => {
    if ($('icb').value) {
      openArea($('icb').value, false);
    }
  });
  $('day').addEventListener('change', () => {
    if ($('day').value) {
      loadDay($('day').value);
    }
  });
  $('day-back').addEventListener('click', () => {
    if (state.day) {
      loadDay(addDays(state.day, -1));
    }
  });
  $('day-forward').addEventListener('click', () => {
    if (state.day) {
      loadDay(addDays(state.day, 1));
    }
  });
  $('follow-latest').addEventListener('change', () => {
    if ($('follow-latest').checked) {
      showLatest(true);
    }
  });
  // a safety net besides the stream: alert state changes without any indicator changing (acks, silences)
  setInterval(() => {
    if (state.me && !document.hidden) {
      loadAlerts();
    }
  }, 15000);
  const organisation = await organisationSignIn();
  if (organisation === 'signed-in') {
    say('Signed in.');
    $('area-heading').focus();
  } else if (!organisation && token()) {
    await signIn(token());
  }
});
