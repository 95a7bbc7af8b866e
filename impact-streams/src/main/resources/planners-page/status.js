// Rules and alerts as alerts-service decides them (which belong to the shown area is asked, never worked out here), and the status of each value in words.

import {addDays, INDICATORS, isAppointments, present, STATUS} from './format.js';
import {state} from './state.js';
import {api, describeProblem} from './api.js';
import {cell, render, renderAlerts, renderTables} from './tables.js';
import {renderMap} from './map.js';
import {kindOfDay} from './charts.js';
import {drawAppointmentCharts} from './appointments.js';

// --- rules and alerts: the status of each indicator ---

export async function loadRules(area) {
  const answer = await api('api/v1/rules?area=' + encodeURIComponent(area));
  if (area !== state.area) {
    return;
  }
  state.rules = answer.status === 200 ? answer.body : [];
  state.rulesArea = area;
  render();
  // the appointments chart draws the GP rule's thresholds
  if (state.appointments && typeof Chart !== 'undefined') {
    drawAppointmentCharts();
  }
}

export async function loadAlerts() {
  const area = state.area;
  const [answer, all] = await Promise.all([api('api/v1/alerts?state=FIRING&within=' + encodeURIComponent(area)), api('api/v1/alerts?state=FIRING')]);
  if (area !== state.area) {
    return;
  }
  if (answer.status === 200) {
    state.alerts = answer.body;
    state.alertsArea = area;
    state.tileAlerts = all.status === 200 ? all.body : answer.body;
    state.alertsProblem = null;
  } else {
    state.alerts = [];
    state.tileAlerts = [];
    state.alertsProblem = answer.status === 502 || answer.status === 0
        ? 'Alerts are unavailable: the alerts service did not answer, so statuses are unknown. Indicators are still live.'
        : 'Alerts could not be read: ' + describeProblem(answer);
  }
  renderAlerts();
  renderTables();
  renderMap();
}

export function scheduleAlerts(delay) {
  clearTimeout(state.alertsTimer);
  state.alertsTimer = setTimeout(loadAlerts, delay);
}

/**
 * The rules on one series of an area: alerts-service chose the rules watching the area (scope is decided there
 * only); here they are matched to the series by indicator and labels, as a rule without an action or metric
 * watches every one.
 */
export function rulesFor(indicator, action, metric, code) {
  if (code !== state.rulesArea) {
    return [];
  }
  return state.rules.filter((r) => r.indicator === indicator && (!r.action || r.action === action) && (!r.metric || r.metric === metric));
}

/** The worst firing alert on an indicator of an area; OK when rules watch it and none fires. */
export function statusOf(indicator, action, metric, code) {
  if (state.alertsProblem) {
    return STATUS.UNKNOWN;
  }
  const firing = state.alerts.filter((a) => a.area === code && state.alertsArea === state.area && a.indicator === indicator
      && (!action || !a.action || a.action === action) && (!metric || !a.metric || a.metric === metric));
  if (firing.some((a) => a.severity === 'CRITICAL')) {
    return STATUS.CRITICAL;
  }
  if (firing.length) {
    return STATUS.WARNING;
  }
  return rulesFor(indicator, action, metric, code).length ? STATUS.OK : STATUS.NONE;
}

export function areaStatus(code) {
  if (state.alertsProblem) {
    return STATUS.UNKNOWN;
  }
  const firing = state.tileAlerts.filter((a) => a.area === code);
  return firing.some((a) => a.severity === 'CRITICAL') ? STATUS.CRITICAL : firing.length ? STATUS.WARNING : STATUS.OK;
}

export function forDays(rule) {
  return rule.for || rule.forDays || 1;
}

export function judgeOf(rule) {
  return String(rule.judge || 'value').toLowerCase();
}

export const BOUND = {low: 'lower bound of the 95% interval', high: 'upper bound of the 95% interval'};

export function thresholds(indicator, action, metric) {
  const format = INDICATORS[indicator].format;
  return rulesFor(indicator, action, metric, state.area).map((r) => {
    if (r.type === 'EARS_C2') {
      return 'sudden jump (EARS C2)';
    }
    const sign = r.direction === 'BELOW' ? '\u2264 ' : '\u2265 ';
    return sign + format(r.warning) + ' / ' + sign + format(r.critical) + (forDays(r) > 1 ? ' for ' + forDays(r) + ' days' : '')
        + (BOUND[judgeOf(r)] ? ', judged on the ' + BOUND[judgeOf(r)] : '')
        + (r.includeProvisional ? ', provisional days included' : '');
  }).join('; ') || '\u2014';
}

// --- how far a value is from alerting: alerts-service judges the rule's bound (value, low or high) on settled
// days (provisional ones only when the rule says includeProvisional) resting on enough practices, and fires
// after `for` consecutive such days at or past a threshold. A value past a threshold that has not alerted yet
// says so; it never reads "OK". ---

/** The number a rule judges: the value, or its interval's low or high end; null where that is absent. */
export function judged(rule, v) {
  if (!v || !present(v.value)) {
    return null;
  }
  const x = judgeOf(rule) === 'low' ? v.low : judgeOf(rule) === 'high' ? v.high : v.value;
  return present(x) ? x : null;
}

export function breaches(rule, x, threshold) {
  return present(x) && present(threshold) && (rule.direction === 'BELOW' ? x <= threshold : x >= threshold);
}

/** 'critical', 'warning' or null: the worst of a rule's thresholds that x is at or past. */
export function levelOf(rule, x) {
  return breaches(rule, x, rule.critical) ? 'critical' : breaches(rule, x, rule.warning) ? 'warning' : null;
}

export function settledFor(rule, v) {
  return !v.provisional || rule.includeProvisional === true;
}

export function thickEnough(rule, v) {
  return (v.practices || 0) >= (rule.minPractices || 0) && (v.practiceDays || 0) >= (rule.minPracticeDays || 0);
}

/** Whether the trend series hold the days before v's day, so the days in a row can be counted. */
export function seriesCover(v) {
  if (isAppointments(v.indicator)) {
    return !!state.appointments && state.appointments.area === v.area && state.appointments.days.includes(v.day);
  }
  return state.seriesArea === v.area && state.trendDays && state.trendDays.includes(v.day);
}

/** The series the trends (or, for the appointments feed, its section) hold of an indicator. */
export function seriesOf(indicator) {
  if (isAppointments(indicator)) {
    return state.appointments ? state.appointments.series[indicator] || [] : [];
  }
  return state.series.get(indicator) || [];
}

/** Consecutive days up to v's day on which the rule could use the value and its bound was at or past the threshold. */
export function daysPast(rule, threshold, v) {
  const byDay = new Map(seriesOf(v.indicator)
      .filter((s) => s.area === v.area && (s.action || null) === (v.action || null) && (s.metric || null) === (v.metric || null))
      .map((s) => [s.day, s]));
  byDay.set(v.day, v);
  let n = 0;
  for (let d = v.day; byDay.has(d); d = addDays(d, -1)) {
    const x = byDay.get(d);
    if (!present(x.value) || !settledFor(rule, x) || !thickEnough(rule, x) || !breaches(rule, judged(rule, x), threshold)) {
      break;
    }
    n++;
  }
  return n;
}

/** A value at or past one rule's threshold without its alert: what it is and how far from alerting. */
export function pendingOf(rule, level, v) {
  const format = INDICATORS[v.indicator].format;
  const word = (rule.direction === 'BELOW' ? 'under ' : 'over ') + (level === 'critical' ? 'worst case' : 'warning');
  const threshold = level === 'critical' ? rule.critical : rule.warning;
  const notes = [];
  if (BOUND[judgeOf(rule)]) {
    notes.push('judged on the ' + BOUND[judgeOf(rule)] + ', ' + format(judged(rule, v)));
  }
  let text = word;
  if (!settledFor(rule, v)) {
    text = word + ', provisional';
    notes.push('not judged until the day settles');
  } else if (!thickEnough(rule, v)) {
    notes.push('too thin to alert on: ' + v.practiceDays + ' practice-days from ' + v.practices
        + ' practices; the rule needs ' + (rule.minPracticeDays || 0) + ' and ' + (rule.minPractices || 0));
  } else if (seriesCover(v)) {
    const n = daysPast(rule, threshold, v);
    const m = forDays(rule);
    text = n < m ? word + ', day ' + n + ' of ' + m : word + ' for ' + n + ' days';
    if (n >= m) {
      notes.push('no alert firing yet');
    }
  }
  return {text: text, css: 'over-' + level, rank: level === 'critical' ? 1.8 : 1.5, notes: notes};
}

/**
 * The status of one value, in words: a firing alert (WARNING, WORST CASE); else a value at or past a threshold
 * and how far from alerting ("over warning, day 2 of 3"); OK only for a value inside every threshold; No data
 * for an absent value.
 */
export function judgement(indicator, action, metric, v) {
  const firing = statusOf(indicator, action, metric, state.area);
  const rules = rulesFor(indicator, action, metric, state.area).filter((r) => r.type !== 'EARS_C2');
  let pending = null;
  const notes = [];
  if (v && present(v.value)) {
    rules.forEach((rule) => {
      const level = levelOf(rule, judged(rule, v));
      if (level) {
        const candidate = pendingOf(rule, level, v);
        if (!pending || candidate.rank > pending.rank) {
          pending = candidate;
        }
      } else if (BOUND[judgeOf(rule)] && levelOf(rule, v.value)) {
        notes.push('the value is ' + (rule.direction === 'BELOW' ? 'under ' : 'over ') + levelOf(rule, v.value).replace('critical', 'worst case')
            + ', its ' + BOUND[judgeOf(rule)] + ' (' + (present(judged(rule, v)) ? INDICATORS[indicator].format(judged(rule, v)) : 'none') + ') is not');
      }
    });
  }
  if (firing === STATUS.CRITICAL || firing === STATUS.WARNING) {
    if (pending && pending.rank === 1.8 && firing === STATUS.WARNING) {
      notes.push(pending.text);
    }
    return {status: firing, notes: notes};
  }
  if (firing === STATUS.UNKNOWN) {
    return {status: firing, notes: pending ? [pending.text].concat(pending.notes) : notes};
  }
  if (!rules.length && firing === STATUS.NONE) {
    return {status: STATUS.NONE, notes: []};
  }
  if (!v || !present(v.value)) {
    const closed = indicator === 'reporting_completeness' && state.day && kindOfDay(state.day);
    return {status: STATUS.NO_DATA, notes: closed ? ['counted on working days only; this is a ' + kindOfDay(state.day)] : []};
  }
  return pending ? {status: pending, notes: pending.notes.concat(notes)} : {status: STATUS.OK, notes: notes};
}

export function statusCell(row, judgements) {
  const worst = judgements.slice(1).reduce((a, b) => (b.status.rank > a.status.rank ? b : a), judgements[0]);
  const td = cell(row, badge(worst.status), 'status-cell');
  worst.notes.forEach((note) => {
    const span = document.createElement('span');
    span.className = 'status-note';
    span.textContent = note;
    td.append(span);
  });
  return td;
}

export function badge(status) {
  const span = document.createElement('span');
  span.className = 'status status-' + status.css;
  if (status.css.startsWith('over-')) {
    span.title = 'Past a threshold, no alert firing on it';
  }
  span.textContent = status.text;
  return span;
}
