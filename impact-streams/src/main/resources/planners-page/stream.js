// Live updates: GET /api/v1/stream?area= read with fetch, so the credential stays in a header.

import {formatReading, HEADLINE, INDICATORS, isAppointments, keyOf} from './format.js';
import {$, state} from './state.js';
import {token} from './api.js';
import {signOut} from './session.js';
import {horizonDay, loadHorizon, renderDayState, showLatest} from './days.js';
import {renderTables, titleOf} from './tables.js';
import {scheduleAlerts} from './status.js';
import {drawCharts} from './charts.js';
import {loadAppointments} from './appointments.js';

// --- live updates: GET /api/v1/stream?area= read with fetch, so the credential stays in a header ---

export function setLive(text, css) {
  $('live').textContent = 'Live updates: ' + text;
  $('live').className = 'live ' + (css || '');
}

export function stopStream() {
  state.streamGeneration++;
  if (state.stream) {
    state.stream.abort();
    state.stream = null;
  }
}

export function startStream(area) {
  stopStream();
  const generation = state.streamGeneration;
  const controller = new AbortController();
  state.stream = controller;
  (async () => {
    let wait = 1000;
    while (generation === state.streamGeneration) {
      try {
        setLive('connecting\u2026', 'waiting');
        const response = await fetch('api/v1/stream?area=' + encodeURIComponent(area), {
          headers: {'Accept': 'text/event-stream', 'Authorization': 'Bearer ' + token()}, signal: controller.signal, cache: 'no-store'
        });
        if (response.status === 401) {
          signOut('Your credential is no longer accepted: please sign in again.');
          return;
        }
        if (response.status === 403) {
          setLive('not allowed for this area', 'problem');
          return;
        }
        if (!response.ok || !response.body) {
          throw new Error('status ' + response.status);
        }
        setLive('connected', 'connected');
        wait = 1000;
        await readEvents(response.body, generation);
      } catch (e) {
        if (controller.signal.aborted || generation !== state.streamGeneration) {
          return;
        }
      }
      if (generation !== state.streamGeneration) {
        return;
      }
      setLive('reconnecting in ' + Math.round(wait / 1000) + ' s', 'waiting');
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, 30000);
    }
  })();
}

/** Server-sent events, as the HTML standard parses them: fields per line, an event ends at a blank line. */
export async function readEvents(body, generation) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = {type: 'message', data: []};
  while (generation === state.streamGeneration) {
    const {value, done} = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    let newline;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (event.data.length) {
          dispatch(event.type, event.data.join('\n'));
        }
        event = {type: 'message', data: []};
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') {
          event.type = text;
        } else if (field === 'data') {
          event.data.push(text);
        }
      }
    }
  }
  reader.cancel();
}

export function dispatch(type, data) {
  if (type !== 'indicator') {
    return;
  }
  let v;
  try {
    v = JSON.parse(data);
  } catch (e) {
    return;
  }
  if (v.area !== state.area) {
    return;
  }
  if (isAppointments(v.indicator)) {
    // a file of published appointments arrives as a burst of values over many days: redraw the section once
    clearTimeout(state.appointmentsTimer);
    state.appointmentsTimer = setTimeout(loadAppointments, 1500);
    return;
  }
  if (!state.day || !state.edge || v.day > state.edge) {
    // a day beyond the newest known has data: the horizon may have moved, and the latest settled day with it;
    // look again once the burst of its values has arrived
    clearTimeout(state.reloadTimer);
    state.reloadTimer = setTimeout(() => {
      if ($('follow-latest').checked || !state.day) {
        showLatest();
      } else {
        loadHorizon().then(() => {
          state.edge = horizonDay() && horizonDay() > (state.edge || '') ? horizonDay() : state.edge;
          state.settledDay = state.horizon && state.horizon.latestSettledDay ? state.horizon.latestSettledDay : state.settledDay;
          renderDayState();
        });
      }
    }, 500);
    if (!state.day) {
      return;
    }
  }
  if (v.day === state.day) {
    const before = state.values.get(keyOf(v));
    state.values.set(keyOf(v), v);
    if (!before || before.value !== v.value || before.provisional !== v.provisional) {
      announce(v);
    }
    renderTables();
    renderDayState();
    markChanged(v);
  }
  updateChart(v);
  scheduleAlerts(1500);
}

export function markChanged(v) {
  const selector = v.indicator === 'attributable_change' ? null
      : HEADLINE.includes(v.indicator) ? '#headline tr[data-indicator="' + v.indicator + '"] td.value'
      : '#participation tr[data-action="' + v.action + '"] td.' + {participating_practices: 'participating', participation_rate: 'rate', patients_covered_rate: 'covered'}[v.indicator];
  const el = selector && document.querySelector(selector);
  if (el) {
    el.classList.add('changed');
    el.title = 'Updated at ' + new Date().toLocaleTimeString('en-GB');
  }
}

export function updateChart(v) {
  const series = state.series.get(v.indicator);
  if (!series || !state.trendDays || !state.trendDays.includes(v.day)) {
    return;
  }
  const i = series.findIndex((s) => s.day === v.day && s.action === v.action && s.metric === v.metric);
  if (i >= 0) {
    series[i] = v;
  } else {
    series.push(v);
  }
  clearTimeout(state.chartTimer);
  state.chartTimer = setTimeout(drawCharts, 1000);
}

/** One sentence per burst of changes for screen readers, not one per value. */
export function announce(v) {
  state.pendingAnnouncements.push(v);
  clearTimeout(state.announceTimer);
  state.announceTimer = setTimeout(() => {
    const changes = state.pendingAnnouncements;
    state.pendingAnnouncements = [];
    const first = changes[0];
    const name = INDICATORS[first.indicator].title + (first.action ? ', ' + titleOf(first.action) : '');
    $('updates').textContent = 'Updated at ' + new Date().toLocaleTimeString('en-GB') + ': ' + name + ' now ' + formatReading(first)
        + (first.provisional ? ' (provisional)' : '')
        + (changes.length > 1 ? ', and ' + (changes.length - 1) + ' other value' + (changes.length > 2 ? 's' : '') : '') + '.';
  }, 400);
}
