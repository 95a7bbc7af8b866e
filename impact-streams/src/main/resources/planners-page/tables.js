// Drawing the tables: the headline indicators, participation, attributable change, the alerts list.

import {APPOINTMENT_METRICS, ENGLAND, formatInterval, formatValue, HEADLINE, INDICATORS, METRICS, PCT, present, STATUS} from './format.js';
import {$, state} from './state.js';
import {shortName} from './areas.js';
import {provisionalReason} from './days.js';
import {badge, judgement, statusCell, thresholds} from './status.js';
import {renderMap} from './map.js';
import {renderAppointmentsTable} from './appointments.js';

export function completeness() {
  const v = state.values.get('reporting_completeness//');
  return v && v.value !== null ? v.value : null;
}

export function basis(v) {
  if (!v) {
    return 'no data yet';
  }
  const parts = [v.practices.toLocaleString('en-GB') + ' practice' + (v.practices === 1 ? '' : 's')];
  if (INDICATORS[v.indicator].fromReports) {
    parts.push(v.practiceDays.toLocaleString('en-GB') + ' practice-day' + (v.practiceDays === 1 ? '' : 's'));
    const c = completeness();
    if (c !== null && v.indicator !== 'reporting_completeness') {
      parts.push(PCT(c) + ' reported that day');
    }
  }
  return parts.join(', ');
}

// --- drawing ---

export function render() {
  renderTables();
  renderAlerts();
  renderMap();
}

export function cell(row, content, className) {
  const td = document.createElement('td');
  if (content instanceof Node) {
    td.append(content);
  } else {
    td.textContent = content;
  }
  if (className) {
    td.className = className;
  }
  row.append(td);
  return td;
}

/** A small label in words beside a value ("provisional"), with the reason as its tooltip. */
export function tag(text, css, title) {
  const span = document.createElement('span');
  span.className = 'tag ' + css;
  span.textContent = text;
  if (title) {
    span.title = title;
  }
  return span;
}

/**
 * The value with its interval (td.value .reading), hatched where it still waits for reports, and tagged so in
 * words unless {@code untagged} (a matrix of one day's values, where the day's own tag says it once).
 */
export function valueCell(row, v, untagged) {
  const td = cell(row, '', 'value');
  // number and interval in one span, so "47.6% (45.1–50.0)" is read (and copied) as one value; the interval
  // has its own span so a narrow table can put it on a line of its own
  const reading = document.createElement('span');
  reading.className = 'reading';
  const number = document.createElement('span');
  number.className = 'number';
  number.textContent = formatValue(v);
  reading.append(number);
  if (formatInterval(v)) {
    const interval = document.createElement('span');
    interval.className = 'interval';
    interval.textContent = formatInterval(v);
    reading.append(' ', interval);
  }
  td.append(reading);
  td.dataset.value = v && present(v.value) ? String(v.value) : '';
  td.dataset.low = v && present(v.low) ? String(v.low) : '';
  td.dataset.high = v && present(v.high) ? String(v.high) : '';
  if (v && v.provisional) {
    td.classList.add('provisional');
    row.classList.add('provisional');
    if (untagged) {
      td.title = 'Provisional. ' + provisionalReason(v.day);
    } else {
      td.append(' ', tag('provisional', 'tag-provisional', provisionalReason(v.day)));
    }
  }
  return td;
}

export function renderTables() {
  if (!state.me || !state.area) {
    return;
  }
  const headline = $('headline').tBodies[0];
  headline.textContent = '';
  HEADLINE.forEach((id) => {
    const v = state.values.get(id + '//');
    const row = document.createElement('tr');
    row.dataset.indicator = id;
    const th = document.createElement('th');
    th.scope = 'row';
    th.innerHTML = '<span class="name"></span><span class="help"></span>';
    th.querySelector('.name').textContent = INDICATORS[id].title;
    th.querySelector('.help').textContent = INDICATORS[id].help;
    row.append(th);
    valueCell(row, v);
    statusCell(row, [judgement(id, null, null, v)]);
    cell(row, thresholds(id, null, null), 'thresholds');
    cell(row, basis(v), 'basis');
    headline.append(row);
  });

  const participation = $('participation').tBodies[0];
  participation.textContent = '';
  state.actions.forEach((action) => {
    const practices = state.values.get('participating_practices/' + action.id + '/');
    const rate = state.values.get('participation_rate/' + action.id + '/');
    const covered = state.values.get('patients_covered_rate/' + action.id + '/');
    const row = document.createElement('tr');
    row.dataset.action = action.id;
    const th = document.createElement('th');
    th.scope = 'row';
    th.innerHTML = '<span class="name"></span><span class="help"></span>';
    th.querySelector('.name').textContent = action.title;
    th.querySelector('.help').textContent = action.effectToWatch;
    row.append(th);
    valueCell(row, practices).classList.add('participating');
    valueCell(row, rate).classList.add('rate');
    valueCell(row, covered).classList.add('covered');
    statusCell(row, [judgement('participation_rate', action.id, null, rate), judgement('patients_covered_rate', action.id, null, covered)]);
    if (rate && rate.value > 0) {
      row.classList.add('active');
    }
    participation.append(row);
  });

  // one row per action in force, one column per count: 10 × 5 values read as a matrix, not a list of 50
  const table = $('attributable');
  const values = Array.from(state.values.values()).filter((v) => v.indicator === 'attributable_change');
  const metrics = Object.keys(METRICS).filter((m) => values.some((v) => v.metric === m));
  const headRow = table.tHead.rows[0];
  headRow.textContent = '';
  ['Action'].concat(metrics.map((m) => METRICS[m])).forEach((text) => {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = text;
    headRow.append(th);
  });
  const attributable = table.tBodies[0];
  attributable.textContent = '';
  state.actions.filter((a) => values.some((v) => v.action === a.id)).forEach((action) => {
    const row = document.createElement('tr');
    row.dataset.action = action.id;
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = action.title;
    row.append(th);
    metrics.forEach((m) => {
      const v = values.find((x) => x.action === action.id && x.metric === m);
      const td = valueCell(row, v, true);
      td.dataset.metric = m;
      td.title = (td.title ? td.title + ' ' : '') + basis(v);
    });
    attributable.append(row);
  });
  table.hidden = values.length === 0;
  $('no-attributable').hidden = values.length > 0;
  renderAppointmentsTable();
}

export function titleOf(actionId) {
  const action = state.actions.find((a) => a.id === actionId);
  return action ? action.title : actionId;
}

/** One line a planner reads first: the worst status in the area (and the areas inside it), in words. */
export function renderAreaStatus(shown) {
  const line = $('area-status');
  line.textContent = '';
  if (state.alertsProblem) {
    line.append(badge(STATUS.UNKNOWN), ' Alert status unknown: the alerts service did not answer.');
    return;
  }
  const critical = shown.filter((a) => a.severity === 'CRITICAL').length;
  const warning = shown.length - critical;
  line.append(badge(critical ? STATUS.CRITICAL : warning ? STATUS.WARNING : STATUS.OK), ' ');
  line.append(shown.length === 0 ? 'No alert firing.'
      : (critical ? critical + ' worst-case alert' + (critical === 1 ? '' : 's') : '')
        + (critical && warning ? ' and ' : '') + (warning ? warning + ' warning' + (warning === 1 ? '' : 's') : '') + ' firing.');
}

export function renderAlerts() {
  const list = $('alerts');
  list.textContent = '';
  if (!state.me || !state.area) {
    return;
  }
  if (state.alertsProblem) {
    $('alerts-state').textContent = state.alertsProblem;
    $('alerts-state').className = 'problem';
    renderAreaStatus([]);
    return;
  }
  // alerts-service answered with the alerts of the area and the areas inside it
  const shown = state.alertsArea === state.area ? state.alerts.slice() : []
      .sort((a, b) => (a.severity === b.severity ? a.area.localeCompare(b.area) : a.severity === 'CRITICAL' ? -1 : 1));
  renderAreaStatus(shown);
  $('alerts-state').className = 'hint';
  $('alerts-state').textContent = shown.length === 0
      ? 'None firing in ' + (state.area === ENGLAND ? 'England' : shortName(state.area)) + '.'
      : shown.length + ' firing in ' + (state.area === ENGLAND ? 'England' : shortName(state.area) + (state.areas.get(state.area).kind === 'REGION' ? ' and its ICBs' : '')) + ':';
  shown.forEach((a) => {
    const item = document.createElement('li');
    item.className = 'alert alert-' + a.severity.toLowerCase();
    item.dataset.alertId = a.alertId;
    const head = document.createElement('p');
    head.append(badge(a.severity === 'CRITICAL' ? STATUS.CRITICAL : STATUS.WARNING), ' ');
    const what = document.createElement('strong');
    what.textContent = INDICATORS[a.indicator] ? INDICATORS[a.indicator].title : a.indicator;
    head.append(what, document.createTextNode((a.action ? ' \u00b7 ' + titleOf(a.action) : '') + (a.metric ? ' \u00b7 ' + (METRICS[a.metric] || APPOINTMENT_METRICS[a.metric] || a.metric) : '')));
    const detail = document.createElement('p');
    detail.className = 'detail';
    const format = INDICATORS[a.indicator] ? INDICATORS[a.indicator].format : String;
    detail.textContent = shortName(a.area) + ' (' + a.area + '): ' + (a.value !== null && a.value !== undefined ? format(a.value) : '?')
        + (a.threshold !== null && a.threshold !== undefined ? ' against ' + format(a.threshold) : '')
        + ' on ' + a.day + (a.since ? ', firing since ' + new Date(a.since).toLocaleString('en-GB', {dateStyle: 'short', timeStyle: 'short'}) : '')
        + (a.acknowledgedBy ? '. Acknowledged by ' + a.acknowledgedBy : '') + (a.silencedUntil ? '. Silenced' : '') + '.';
    item.append(head, detail);
    list.append(item);
  });
}
