// Which day is shown: the latest settled one by default (indicators.md), and what it is in words.

import {addDays, DEFAULT_LAG_DAYS, formatDay, INDICATORS, keyOf, present, TREND_DAYS} from './format.js';
import {$, state} from './state.js';
import {api, complain, describeProblem, say} from './api.js';
import {signOut} from './session.js';
import {areaName, openArea} from './areas.js';
import {render} from './tables.js';
import {loadAlerts} from './status.js';
import {loadTrends} from './charts.js';
import {loadAppointments} from './appointments.js';

// --- which day: the latest settled one ---
// indicators.md: a report-based value of day d is provisional while d > H - L (its window's reports are still
// arriving), and alerts judge settled days only. So the page opens, and follows, where the alerts look; the
// planner steps forward to the provisional days on purpose, told what they are.

export function indicatorsPath(area, day) {
  return 'api/v1/areas/' + encodeURIComponent(area) + '/indicators' + (day ? '?day=' + day : '');
}

/** GET /api/v1/horizon, or null where the server does not offer it (then the values' own flags are all there is). */
export async function loadHorizon() {
  const answer = await api('api/v1/horizon');
  state.horizon = answer.status === 200 && answer.body && typeof answer.body === 'object' ? answer.body : null;
  return state.horizon;
}

export function horizonDay() {
  return state.horizon ? state.horizon.horizon || null : null;
}

export function lagDays() {
  return state.horizon && Number.isInteger(state.horizon.reportingLagDays) ? state.horizon.reportingLagDays : DEFAULT_LAG_DAYS;
}

/**
 * The day to open on: the server's latest settled day; without one, the latest day up to the server's default
 * day whose report-based values are there and not provisional; without reports at all, the first day a notice
 * puts an action in force (a plan is worth showing). Also sets the edge: the newest day the charts run to.
 */
export async function findLatestSettledDay(area) {
  const horizon = await loadHorizon();
  if (horizon && horizon.latestSettledDay) {
    state.edge = horizon.horizon && horizon.horizon > horizon.latestSettledDay ? horizon.horizon : horizon.latestSettledDay;
    return {day: horizon.latestSettledDay};
  }
  const latest = await api(indicatorsPath(area, null));
  if (latest.status !== 200) {
    return {problem: latest};
  }
  const newest = latest.body.length ? latest.body[0].day : null;
  if (newest) {
    state.edge = newest;
    return {day: (await settledDayUpTo(area, newest)) || newest};
  }
  state.edge = null;
  const planned = await firstPlannedDay(area);
  state.edge = planned;
  return {day: planned};
}

/** The latest day up to {@code day} with a report-based value that is not provisional, or null. */
export async function settledDayUpTo(area, day) {
  const answer = await api('api/v1/areas/' + encodeURIComponent(area) + '/indicators/contacts_per_session?from='
      + addDays(day, -(TREND_DAYS - 1)) + '&to=' + day);
  if (answer.status !== 200 || !Array.isArray(answer.body)) {
    return null;
  }
  const settled = answer.body.filter((v) => v.value !== null && !v.provisional).map((v) => v.day).sort();
  return settled.length ? settled[settled.length - 1] : null;
}

export async function firstPlannedDay(area) {
  const answer = await api('api/v1/areas/' + encodeURIComponent(area) + '/indicators/participating_practices');
  if (answer.status !== 200 || !Array.isArray(answer.body)) {
    return null;
  }
  const days = answer.body.filter((v) => v.value !== null).map((v) => v.day).sort();
  const planned = answer.body.filter((v) => v.value > 0).map((v) => v.day).sort();
  return planned.length ? planned[0] : days.length ? days[days.length - 1] : null;
}

/**
 * Opens (or, while following, moves to) the latest settled day. Following never steps back in time on its own
 * (a planner watching a plan day sees its first reports arrive there); {@code jump} (the planner asked) does.
 */
export async function showLatest(jump) {
  const area = state.area;
  const found = await findLatestSettledDay(area);
  if (area !== state.area) {
    return;
  }
  if (found.problem) {
    await refuse(found.problem, area);
    if (found.problem.status !== 401 && found.problem.status !== 403) {
      // the published appointments do not depend on the reports that could not be read
      loadAppointments();
    }
    return;
  }
  state.settledDay = found.day;
  if (!found.day) {
    if (area === state.shownArea && state.values.size) {
      return;
    }
    showNothing(area);
    return;
  }
  const stay = !jump && area === state.shownArea && state.day && state.day > found.day;
  await loadDay(stay ? state.day : found.day, {keepIfEmpty: true});
}

export function showNothing(area) {
  state.shownArea = area;
  state.values = new Map();
  state.day = null;
  $('day').value = '';
  document.querySelectorAll('.shown-day').forEach((el) => {
    el.textContent = 'no day yet';
  });
  say('No indicators yet for ' + areaName(area) + ': they appear here as soon as notices or reports arrive.');
  render();
  renderDayState();
  // alerts need no day: the published appointments' rules fire without any report
  loadAlerts();
  loadTrends();
  loadAppointments();
}

/** Tells the planner why an answer was refused; false when it was, true when it can be used. */
export async function refuse(answer, area) {
  if (answer.status === 401) {
    signOut('Your credential is no longer accepted: please sign in again.');
  } else if (answer.status === 403) {
    complain('Not allowed: ' + ((answer.body && answer.body.detail) || 'this credential may not read ' + area) + '.');
    if (area !== state.me.home) {
      await openArea(state.me.home, false);
    }
  } else {
    complain('The indicators could not be read: ' + describeProblem(answer));
  }
}

// --- one area and day ---

export async function loadDay(day, options) {
  const area = state.area;
  const answer = await api(indicatorsPath(area, day));
  if (area !== state.area) {
    return;
  }
  if (answer.status !== 200) {
    await refuse(answer, area);
    return;
  }
  if (options && options.keepIfEmpty && !answer.body.length && area === state.shownArea && state.values.size) {
    // the day has begun but this area's values for it are still being computed: keep showing what is shown
    // until they arrive (the stream says when)
    return;
  }
  state.shownArea = area;
  state.values = new Map();
  answer.body.forEach((v) => state.values.set(keyOf(v), v));
  state.day = day;
  $('day').value = day;
  $('follow-latest').checked = day === state.settledDay || ($('follow-latest').checked && !!(options && options.keepIfEmpty));
  document.querySelectorAll('.shown-day').forEach((el) => {
    el.textContent = formatDay(day);
  });
  if (!answer.body.length) {
    say('No indicators yet for ' + areaName(area) + ' on ' + formatDay(day) + ': they appear here as soon as notices or reports arrive.');
  } else if ($('messages').textContent.startsWith('No indicators yet')) {
    say('');
  }
  render();
  renderDayState();
  await Promise.all([loadAlerts(), loadTrends(), loadAppointments()]);
}

/** What the shown day is: 'provisional', 'settled', 'after-horizon' (no reports reach it yet) or 'unknown'. */
export function dayState(day) {
  if (!day) {
    return 'unknown';
  }
  const h = horizonDay();
  if (h) {
    // the horizon is the definition (d > H - L); a value read a moment before the horizon moved may still say otherwise
    return day > h ? 'after-horizon' : day > addDays(h, -lagDays()) ? 'provisional' : 'settled';
  }
  const fromReports = Array.from(state.values.values()).filter((v) => INDICATORS[v.indicator] && INDICATORS[v.indicator].fromReports);
  if (fromReports.some((v) => v.provisional)) {
    return 'provisional';
  }
  return fromReports.some((v) => present(v.value)) ? 'settled' : 'unknown';
}

export function provisionalReason(day) {
  return 'Reports for this day\'s 7-day window are still arriving; it settles on ' + formatDay(addDays(day, lagDays()))
      + ', once reports for that day are in. Until then its numbers may change and alerts do not judge it.';
}

export function dayButton(text, day, label) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'link day-link';
  button.dataset.day = day;
  button.textContent = text;
  if (label) {
    button.setAttribute('aria-label', label);
  }
  button.addEventListener('click', () => loadDay(day));
  return button;
}

/** Says, in words, whether the shown day is settled or provisional and why, with the way to the other days. */
export function renderDayState() {
  const box = $('day-state');
  const tag = $('day-tag');
  box.textContent = '';
  const what = dayState(state.day);
  box.className = 'day-state ' + what;
  box.dataset.state = what;
  tag.textContent = {provisional: 'provisional', settled: 'settled', 'after-horizon': 'no reports yet'}[what] || '';
  tag.className = 'tag tag-' + what;
  tag.hidden = !tag.textContent;
  const h = horizonDay();
  const settled = state.settledDay;
  const back = settled && settled !== state.day
      ? dayButton('Back to the latest settled day, ' + formatDay(settled), settled) : null;
  if (what === 'provisional') {
    const strong = document.createElement('strong');
    strong.textContent = 'Provisional day. ';
    const reason = document.createElement('span');
    reason.className = 'reason';
    reason.textContent = provisionalReason(state.day) + ' ';
    box.append(strong, reason);
  } else if (what === 'after-horizon') {
    const strong = document.createElement('strong');
    strong.textContent = 'No reports yet for this day. ';
    box.append(strong, 'The latest reports are for ' + formatDay(h) + ', so only participation from notices is shown here. ');
  } else if (what === 'settled') {
    const strong = document.createElement('strong');
    strong.textContent = 'Settled day. ';
    box.append(strong, 'Reports for this day\'s 7-day window are in' + (h ? ' (the latest reports are for ' + formatDay(h) + ')' : '') + '. ');
    if (h && state.day === settled && h > settled) {
      const days = [];
      for (let d = addDays(settled, 1); d <= h; d = addDays(d, 1)) {
        days.push(d);
      }
      box.append('Newer days are provisional: ');
      days.forEach((d, i) => {
        box.append(dayButton(formatDay(d), d, 'Show ' + formatDay(d) + ', provisional'), i < days.length - 1 ? ', ' : '. ');
      });
    }
  }
  if (back) {
    box.append(back);
  }
}
