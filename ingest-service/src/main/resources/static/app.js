// The practice page: plain JS against the ingest API (api.md). The credential lives in sessionStorage only,
// so closing the tab signs out. Every answer that is not a success is shown as a clear message.
// An ES module (no build step) for the one thing it shares with the planners' page: sign-in through the
// organisation's identity provider (authorization code with PKCE), served by monitor-web at /shared/.
import {beginSignIn, finishSignIn, signInOptions} from './shared/oidc-sign-in.js';

(function () {
  'use strict';

  const TOKEN_KEY = 'impact-monitor-token';
  const $ = (id) => document.getElementById(id);
  let actions = [];
  /** Whether this service lets people sign in through the organisation's identity provider (GET api/v1/sign-in). */
  let signInOffered = false;

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    return 'n-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 10);
  }

  function today() {
    const d = new Date();
    return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
  }

  async function api(method, path, body, contentType) {
    const headers = {'Accept': 'application/json, application/problem+json'};
    if (token()) {
      headers['Authorization'] = 'Bearer ' + token();
    }
    if (body !== undefined) {
      headers['Content-Type'] = contentType || 'application/json';
    }
    let response;
    try {
      response = await fetch(path, {
        method: method, headers: headers,
        body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body))
      });
    } catch (e) {
      return {status: 0, body: {title: 'No connection', detail: 'The monitor could not be reached. Check your connection and try again. Nothing was saved.'}};
    }
    let parsed = null;
    const text = await response.text();
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        parsed = {detail: text};
      }
    }
    return {status: response.status, body: parsed, retryAfter: response.headers.get('Retry-After')};
  }

  function clearMessages() {
    $('messages').textContent = '';
    $('errors').textContent = '';
    document.querySelectorAll('[aria-invalid="true"]').forEach((el) => el.removeAttribute('aria-invalid'));
  }

  function say(text) {
    $('errors').textContent = '';
    $('messages').textContent = text;
  }

  /** A refusal, in words a practice manager can act on; fields at fault are marked in the form. */
  function showProblem(answer, form) {
    const box = $('errors');
    box.textContent = '';
    const problem = answer.body || {};
    const heading = document.createElement('p');
    heading.className = 'problem-title';
    if (answer.status === 401) {
      heading.textContent = 'Please sign in again: the credential was not accepted.';
    } else if (answer.status === 403) {
      heading.textContent = 'Not allowed: ' + (problem.detail || 'this credential may not do that.');
    } else if (answer.status === 503) {
      heading.textContent = 'Nothing was saved: the monitor cannot store data right now. Please try again in '
          + (answer.retryAfter || 'a few') + ' seconds.';
    } else if (answer.status === 413) {
      heading.textContent = 'Too large: ' + (problem.detail || 'the upload is too large.');
    } else if (answer.status === 409 || answer.status === 404) {
      heading.textContent = problem.detail || problem.title || 'That notice cannot be changed.';
    } else if (problem.errors && problem.errors.length) {
      heading.textContent = 'Please correct ' + (problem.errors.length === 1 ? 'this' : 'these ' + problem.errors.length) + ' before sending:';
    } else {
      heading.textContent = (problem.title || 'Error') + ': ' + (problem.detail || ('the answer was ' + answer.status));
    }
    box.appendChild(heading);
    if (problem.errors && problem.errors.length) {
      const list = document.createElement('ul');
      problem.errors.forEach((error) => {
        const item = document.createElement('li');
        item.textContent = label(error.field, form) + ': ' + error.message;
        list.appendChild(item);
        const input = form && form.querySelector('[name="' + CSS.escape(error.field) + '"]');
        if (input) {
          input.setAttribute('aria-invalid', 'true');
        }
      });
      box.appendChild(list);
    }
    // as in the GOV.UK error summary: move the keyboard to the summary so the next Tab leads back to the form
    box.setAttribute('tabindex', '-1');
    box.focus();
  }

  function label(field, form) {
    const input = form && form.querySelector('[name="' + CSS.escape(field) + '"]');
    const legend = input && input.type === 'radio' && input.closest('fieldset') && input.closest('fieldset').querySelector('legend');
    if (legend) {
      return legend.textContent.trim() + ' (' + field + ')';
    }
    if (input && input.id) {
      const l = document.querySelector('label[for="' + input.id + '"]');
      if (l) {
        return l.textContent.trim() + ' (' + field + ')';
      }
    }
    return field;
  }

  // --- signing in ---

  async function signIn(value) {
    sessionStorage.setItem(TOKEN_KEY, value);
    const me = await api('GET', 'api/v1/me');
    if (me.status !== 200) {
      sessionStorage.removeItem(TOKEN_KEY);
      showProblem(me);
      return false;
    }
    $('who').textContent = 'Signed in as ' + me.body.name + ' (' + me.body.role.toLowerCase() + ').';
    $('signed-in').hidden = false;
    $('sign-in-form').hidden = true;
    $('idp-sign-in').hidden = true;
    $('work').hidden = false;
    const codes = $('practice-codes');
    codes.textContent = '';
    me.body.practices.forEach((code) => {
      const option = document.createElement('option');
      option.value = code;
      codes.appendChild(option);
    });
    if (me.body.practices.length === 1) {
      $('notice-practiceCode').value = me.body.practices[0];
      $('activity-practiceCode').value = me.body.practices[0];
    }
    await loadActions();
    await loadNotices();
    return true;
  }

  function signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    $('work').hidden = true;
    $('signed-in').hidden = true;
    $('sign-in-form').hidden = false;
    $('idp-sign-in').hidden = !signInOffered;
    $('token').value = '';
    clearMessages();
    say('Signed out.');
    $('token').focus();
  }

  // --- the action catalogue ---

  async function loadActions() {
    const answer = await api('GET', 'api/v1/actions');
    if (answer.status !== 200) {
      showProblem(answer);
      return;
    }
    actions = answer.body;
    const box = $('actions');
    box.textContent = '';
    actions.forEach((action) => {
      const wrapper = document.createElement('div');
      wrapper.className = 'action';
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'action';
      input.id = 'action-' + action.id;
      input.value = action.id;
      input.setAttribute('aria-describedby', 'action-' + action.id + '-description');
      const l = document.createElement('label');
      l.htmlFor = input.id;
      l.textContent = action.title;
      const description = document.createElement('p');
      description.id = 'action-' + action.id + '-description';
      description.className = 'hint';
      description.textContent = action.description + ' What to watch: ' + action.effectToWatch;
      wrapper.append(input, l, description);
      box.appendChild(wrapper);
    });
  }

  function titleOf(id) {
    const action = actions.find((a) => a.id === id);
    return action ? action.title : id;
  }

  // --- notices ---

  function noticeBody(form) {
    const checked = form.querySelector('input[name="action"]:checked');
    const body = {
      practiceCode: form.practiceCode.value.trim(),
      action: checked ? checked.value : undefined,
      effectiveFrom: form.effectiveFrom.value || undefined,
      effectiveTo: form.effectiveTo.value || null,
      submittedBy: form.submittedBy.value.trim(),
      note: form.note.value.trim() || null
    };
    if (!body.practiceCode) {
      delete body.practiceCode;
    }
    if (!body.submittedBy) {
      delete body.submittedBy;
    }
    return body;
  }

  async function sendNotice(event) {
    event.preventDefault();
    clearMessages();
    const form = event.target;
    const correcting = !$('correcting').hidden;
    // the id is chosen once per notice, so pressing "Send" again after a failure cannot declare it twice
    if (!form.noticeId.value) {
      form.noticeId.value = newId();
    }
    const body = noticeBody(form);
    body.noticeId = form.noticeId.value;
    const answer = correcting
        ? await api('PUT', 'api/v1/notices/' + encodeURIComponent(body.noticeId), body)
        : await api('POST', 'api/v1/notices', body);
    if (answer.status === 202) {
      say((correcting ? 'Correction received' : 'Notice received') + ': ' + titleOf(body.action) + ' for ' + body.practiceCode
          + ' from ' + body.effectiveFrom + '. Reference ' + body.noticeId + '.');
      resetNoticeForm(form);
      await loadNotices();
    } else if (answer.status === 200) {
      say('This notice had already been received (reference ' + body.noticeId + '); nothing was changed.');
      resetNoticeForm(form);
      await loadNotices();
    } else {
      showProblem(answer, form);
    }
  }

  function resetNoticeForm(form) {
    const practice = form.practiceCode.value;
    form.reset();
    form.noticeId.value = '';
    form.effectiveFrom.value = today();
    $('correcting').hidden = true;
    $('send-notice').textContent = 'Send notice';
    if ($('practice-codes').options.length === 1) {
      form.practiceCode.value = practice;
    }
  }

  function startCorrection(notice) {
    clearMessages();
    const form = $('notice-form');
    form.noticeId.value = notice.noticeId;
    form.practiceCode.value = notice.practiceCode;
    const radio = $('action-' + notice.action);
    if (radio) {
      radio.checked = true;
    }
    form.effectiveFrom.value = notice.effectiveFrom || '';
    form.effectiveTo.value = notice.effectiveTo || '';
    form.submittedBy.value = notice.submittedBy || '';
    form.note.value = notice.note || '';
    $('correcting-id').textContent = notice.noticeId;
    $('correcting').hidden = false;
    $('send-notice').textContent = 'Save the correction';
    form.effectiveFrom.focus();
  }

  async function withdraw(notice) {
    clearMessages();
    if (!window.confirm('Withdraw the notice "' + titleOf(notice.action) + '" for ' + notice.practiceCode
        + '? It will then count on no day.')) {
      return;
    }
    const answer = await api('DELETE', 'api/v1/notices/' + encodeURIComponent(notice.noticeId));
    if (answer.status === 202) {
      say('Notice withdrawn: ' + titleOf(notice.action) + ' for ' + notice.practiceCode + '.');
      await loadNotices();
    } else {
      showProblem(answer);
    }
  }

  async function loadNotices() {
    const answer = await api('GET', 'api/v1/notices');
    const body = $('notices');
    body.textContent = '';
    if (answer.status !== 200) {
      showProblem(answer);
      return;
    }
    $('no-notices').hidden = answer.body.length > 0;
    answer.body.forEach((notice) => {
      const row = document.createElement('tr');
      row.dataset.noticeId = notice.noticeId;
      [notice.practiceCode, titleOf(notice.action), notice.effectiveFrom, notice.effectiveTo || 'open-ended',
        notice.status === 'ACTIVE' ? 'Active' : 'Withdrawn', notice.submittedBy].forEach((text) => {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.appendChild(cell);
      });
      row.children[1].dataset.action = notice.action;
      row.children[4].className = 'status-' + notice.status.toLowerCase();
      const buttons = document.createElement('td');
      if (notice.status === 'ACTIVE') {
        const correct = document.createElement('button');
        correct.type = 'button';
        correct.textContent = 'Correct';
        correct.setAttribute('aria-label', 'Correct the notice ' + titleOf(notice.action) + ' for ' + notice.practiceCode);
        correct.addEventListener('click', () => startCorrection(notice));
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.textContent = 'Withdraw';
        remove.setAttribute('aria-label', 'Withdraw the notice ' + titleOf(notice.action) + ' for ' + notice.practiceCode);
        remove.addEventListener('click', () => withdraw(notice));
        buttons.append(correct, ' ', remove);
      }
      row.appendChild(buttons);
      body.appendChild(row);
    });
  }

  // --- activity ---

  const COUNTS = ['clinicianSessions', 'patientContacts', 'cappedSessions', 'urgentCareDiversions', 'agRequests', 'referrals', 'onlineRequests'];

  async function sendActivity(event) {
    event.preventDefault();
    clearMessages();
    const form = event.target;
    const body = {practiceCode: form.practiceCode.value.trim() || undefined, day: form.day.value || undefined};
    COUNTS.forEach((field) => {
      const raw = form[field].value.trim();
      if (raw !== '') {
        // a number goes as a number; anything else goes as typed, so the answer names what is wrong with it
        body[field] = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
      }
    });
    const answer = await api('POST', 'api/v1/activity', body);
    if (answer.status === 202) {
      say('Activity for ' + body.practiceCode + ' on ' + body.day + ' received. Sending the same day again replaces it.');
    } else {
      showProblem(answer, form);
    }
  }

  async function upload(event) {
    event.preventDefault();
    clearMessages();
    const file = $('csv-file').files[0];
    const result = $('upload-result');
    result.textContent = '';
    if (!file) {
      showProblem({status: 400, body: {errors: [{field: 'file', message: 'choose a CSV file first'}]}}, event.target);
      return;
    }
    const answer = await api('POST', 'api/v1/activity/batch', await file.text(), 'text/csv');
    if (answer.status !== 202) {
      showProblem(answer, event.target);
      return;
    }
    const rejected = answer.body.rejected;
    say(answer.body.accepted + ' line' + (answer.body.accepted === 1 ? '' : 's') + ' received'
        + (rejected.length ? '; ' + rejected.length + ' not accepted (listed below).' : '.'));
    if (rejected.length) {
      const heading = document.createElement('h3');
      heading.textContent = 'Lines not accepted';
      const list = document.createElement('ul');
      rejected.forEach((row) => {
        const item = document.createElement('li');
        item.textContent = 'Line ' + row.line + ': ' + row.errors.map((e) => e.field + ' ' + e.message).join('; ');
        list.appendChild(item);
      });
      result.append(heading, list);
    }
  }

  // --- wiring ---

  document.addEventListener('DOMContentLoaded', async () => {
    $('sign-in-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      clearMessages();
      const value = $('token').value.trim();
      if (!value) {
        showProblem({status: 400, body: {errors: [{field: 'token', message: 'enter your access credential'}]}}, $('sign-in-form'));
        return;
      }
      if (await signIn(value)) {
        say('Signed in.');
        $('notice-heading').setAttribute('tabindex', '-1');
        $('notice-heading').focus();
      }
    });
    $('sign-out').addEventListener('click', signOut);
    $('notice-form').addEventListener('submit', sendNotice);
    $('cancel-correction').addEventListener('click', () => resetNoticeForm($('notice-form')));
    $('refresh-notices').addEventListener('click', () => {
      clearMessages();
      loadNotices();
    });
    $('activity-form').addEventListener('submit', sendActivity);
    $('upload-form').addEventListener('submit', upload);
    $('effectiveFrom').value = today();
    $('day').value = today();
    $('day').max = today();
    const options = await signInOptions();
    signInOffered = !!options;
    if (options) {
      $('idp-sign-in').hidden = false;
      $('sign-in-idp').addEventListener('click', () => {
        clearMessages();
        beginSignIn(options).catch((e) => refuseSignIn(e.message));
      });
    }
    // back from the organisation's sign-in page: finish it, then go on exactly as with a pasted credential
    const finished = await finishSignIn(options);
    if (finished && finished.error) {
      refuseSignIn(finished.error);
    } else if (finished && finished.token) {
      if (await signIn(finished.token)) {
        say('Signed in.');
        $('notice-heading').setAttribute('tabindex', '-1');
        $('notice-heading').focus();
      }
    } else if (token()) {
      await signIn(token());
    }
  });

  function refuseSignIn(text) {
    const box = $('errors');
    box.textContent = '';
    const heading = document.createElement('p');
    heading.className = 'problem-title';
    heading.textContent = text;
    box.appendChild(heading);
    box.setAttribute('tabindex', '-1');
    box.focus();
  }
})();
