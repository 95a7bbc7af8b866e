// NHS England's published appointments: their section, table and charts.

import {addDays, APPOINTMENT_DAYS, APPOINTMENT_HELP, APPOINTMENT_METRICS, COLOURS, ENGLAND, formatDay, formatReading, kindIn, present, SIGNED_PCT, WEEKDAYS} from './format.js';
import {$, state} from './state.js';
import {api, describeProblem} from './api.js';
import {shortName} from './areas.js';
import {cell, tag, valueCell} from './tables.js';
import {judgement, rulesFor, statusCell, thresholds} from './status.js';
import {DAY_BANDS, describeDays, withAlpha} from './charts.js';

// --- appointments: NHS England's published daily counts (GET /api/v1/areas/{area}/appointments and the
// appointments_change / appointments_rate indicators), up to the feed's own horizon (GET /api/v1/horizon,
// appointmentsHorizon). A server without the feed, or without its data, leaves a short note and nothing else. ---

export const NO_APPOINTMENTS = 'No published appointments data loaded';

export function appointmentsNone(text) {
  state.appointments = null;
  destroyAppointmentCharts();
  $('appointments-horizon').textContent = '';
  $('appointments-none').textContent = text;
  $('appointments-none').hidden = false;
  $('appointments-body').hidden = true;
}

export function destroyAppointmentCharts() {
  state.appointmentCharts.forEach((chart) => chart.destroy());
  state.appointmentCharts = [];
  $('appointments-charts').textContent = '';
}

export function bodyList(answer) {
  return answer.status === 200 && Array.isArray(answer.body) ? answer.body : [];
}

export async function loadAppointments() {
  if (!state.me || !state.area) {
    return;
  }
  const area = state.area;
  const shown = state.day;
  const generation = ++state.appointmentsGeneration;
  // the feed's horizon moves when a file is loaded, not with reports: read it each time the section is drawn
  const horizon = await api('api/v1/horizon');
  if (generation !== state.appointmentsGeneration) {
    return;
  }
  const h = horizon.status === 200 && horizon.body && horizon.body.appointmentsHorizon ? horizon.body.appointmentsHorizon : null;
  if (!h) {
    appointmentsNone(NO_APPOINTMENTS + ': NHS England\'s daily GP appointments appear here once an administrator loads the published file.');
    return;
  }
  // up to the day shown above, or the horizon when the day shown is after it (or there is none)
  const to = shown && shown < h ? shown : h;
  const from = addDays(to, -(APPOINTMENT_DAYS - 1));
  const range = '?from=' + from + '&to=' + to;
  const base = 'api/v1/areas/' + encodeURIComponent(area);
  const [totals, changeAll, changeGp, rateAll, rateGp, calendar] = await Promise.all([
    api(base + '/appointments' + range),
    api(base + '/indicators/appointments_change' + range + '&metric=all'),
    api(base + '/indicators/appointments_change' + range + '&metric=gp'),
    api(base + '/indicators/appointments_rate' + range + '&metric=all'),
    api(base + '/indicators/appointments_rate' + range + '&metric=gp'),
    api('api/v1/calendar' + range)]);
  if (generation !== state.appointmentsGeneration || area !== state.area) {
    return;
  }
  if (totals.status === 404) {
    appointmentsNone(NO_APPOINTMENTS + ' (this server does not offer them).');
    return;
  }
  if (totals.status !== 200 || !Array.isArray(totals.body)) {
    appointmentsNone('Appointments could not be read: ' + describeProblem(totals));
    return;
  }
  if (!totals.body.length) {
    appointmentsNone(NO_APPOINTMENTS + ' for ' + (area === ENGLAND ? 'England' : shortName(area)) + ' from ' + formatDay(from) + ' to '
        + formatDay(to) + ' (published data reaches ' + formatDay(h) + ').');
    return;
  }
  const days = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    days.push(d);
  }
  const byDay = (list) => new Map(list.filter((v) => v.area === undefined || v.area === area).map((v) => [v.day, v]));
  const holidays = new Set(calendar.status === 200 && calendar.body && Array.isArray(calendar.body.bankHolidays) ? calendar.body.bankHolidays : []);
  state.appointments = {
    area: area, from: from, to: to, horizon: h, days: days, holidays: holidays,
    totals: byDay(totals.body),
    change: {all: byDay(bodyList(changeAll)), gp: byDay(bodyList(changeGp))},
    rate: {all: byDay(bodyList(rateAll)), gp: byDay(bodyList(rateGp))},
    series: {appointments_change: bodyList(changeAll).concat(bodyList(changeGp)), appointments_rate: bodyList(rateAll).concat(bodyList(rateGp))}
  };
  const horizonLine = $('appointments-horizon');
  horizonLine.textContent = '';
  const strong = document.createElement('strong');
  strong.textContent = 'NHS England\'s published data up to ' + formatDay(h) + '.';
  horizonLine.append(strong);
  if (to < h) {
    horizonLine.append(' Shown up to ' + formatDay(to) + ', the day shown above.');
  } else if (shown && shown > h) {
    horizonLine.append(' The day shown above, ' + formatDay(shown) + ', is after it: these are the latest published days.');
  }
  $('appointments-none').hidden = true;
  $('appointments-body').hidden = false;
  renderAppointmentsTable();
  drawAppointmentCharts();
}

/** The latest day of the section with a published total: the day its table speaks of. */
export function appointmentsDay() {
  const a = state.appointments;
  const published = a.days.filter((d) => a.totals.has(d));
  return published.length ? published[published.length - 1] : a.to;
}

export function renderAppointmentsTable() {
  const a = state.appointments;
  if (!a || a.area !== state.area) {
    return;
  }
  const day = appointmentsDay();
  document.querySelectorAll('.appointments-day').forEach((el) => {
    el.textContent = formatDay(day);
  });
  const body = $('appointments-latest').tBodies[0];
  body.textContent = '';
  Object.keys(APPOINTMENT_METRICS).forEach((metric) => {
    const total = a.totals.get(day);
    const change = a.change[metric].get(day);
    const row = document.createElement('tr');
    row.dataset.metric = metric;
    const th = document.createElement('th');
    th.scope = 'row';
    th.innerHTML = '<span class="name"></span><span class="help"></span>';
    th.querySelector('.name').textContent = APPOINTMENT_METRICS[metric];
    th.querySelector('.help').textContent = APPOINTMENT_HELP[metric];
    row.append(th);
    const count = cell(row, total && present(total[metric]) ? total[metric].toLocaleString('en-GB') : 'none published', 'value total');
    count.dataset.value = total && present(total[metric]) ? String(total[metric]) : '';
    valueCell(row, change).classList.add('change');
    valueCell(row, a.rate[metric].get(day)).classList.add('rate');
    statusCell(row, [judgement('appointments_change', null, metric, change)]);
    cell(row, thresholds('appointments_change', null, metric), 'thresholds');
    body.append(row);
  });
}

export function appointmentsTable(title, days, columns, holidays) {
  const details = document.createElement('details');
  const summary = document.createElement('summary');
  summary.textContent = 'Numbers for ' + title;
  const table = document.createElement('table');
  table.className = 'data small';
  const head = document.createElement('tr');
  ['Day'].concat(columns.map(([label]) => label)).forEach((text) => {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = text;
    head.append(th);
  });
  const thead = document.createElement('thead');
  thead.append(head);
  const body = document.createElement('tbody');
  days.slice().reverse().forEach((d) => {
    const texts = columns.map(([, text]) => text(d));
    if (texts.every((t) => t === null)) {
      return;
    }
    const row = document.createElement('tr');
    row.dataset.day = d;
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = d + ' ' + WEEKDAYS[new Date(d + 'T12:00:00Z').getUTCDay()];
    const kind = kindIn(d, holidays);
    if (kind) {
      th.append(' ', tag(kind, 'tag-' + kind.replace(' ', '-')));
    }
    row.append(th);
    texts.forEach((t) => cell(row, t === null ? 'no value' : t));
    body.append(row);
  });
  table.append(thead, body);
  details.append(summary, table);
  return details;
}

export function appointmentFigure(kind, title, days, holidays, columns) {
  const figure = document.createElement('figure');
  figure.className = 'chart';
  figure.dataset.chart = kind;
  figure.dataset.bankHolidays = days.filter((d) => holidays.has(d)).join(' ');
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  const holder = document.createElement('div');
  holder.className = 'canvas-holder';
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  holder.append(canvas);
  figure.append(caption, holder, appointmentsTable(title, days, columns, holidays));
  $('appointments-charts').append(figure);
  return canvas;
}

export function appointmentChart(canvas, days, holidays, datasets, format) {
  return new Chart(canvas, {
    type: 'line',
    data: {labels: days.map((d) => d.slice(5)), datasets: datasets},
    plugins: [DAY_BANDS],
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      interaction: {mode: 'index', intersect: false},
      plugins: {
        dayBands: {days: days, holidays: holidays, shown: state.day},
        legend: {display: true, position: 'bottom',
          labels: {boxWidth: 12, font: {size: 11}, filter: (item, data) => !data.datasets[item.datasetIndex].band}},
        tooltip: {
          filter: (item) => !item.dataset.band,
          callbacks: {
            title: (items) => (items.length ? formatDay(days[items[0].dataIndex])
                + (kindIn(days[items[0].dataIndex], holidays) ? ', ' + kindIn(days[items[0].dataIndex], holidays) : '') : ''),
            label: (c) => {
              const v = c.dataset.values ? c.dataset.values[c.dataIndex] : null;
              return c.dataset.label + ': ' + (v ? formatReading(v) : c.parsed.y === null ? 'no value' : format(c.parsed.y));
            }
          }
        }
      },
      scales: {
        x: {ticks: {maxTicksLimit: 8, color: '#212b32'}, grid: {display: false}},
        y: {beginAtZero: format !== SIGNED_PCT, ticks: {callback: (v) => format(v), color: '#212b32', maxTicksLimit: 6}}
      }
    }
  });
}

export function drawAppointmentCharts() {
  destroyAppointmentCharts();
  const a = state.appointments;
  if (!a) {
    return;
  }
  if (typeof Chart === 'undefined') {
    $('appointments-charts').textContent = 'Charts are unavailable (the chart library did not load); the table above has the latest numbers.';
    return;
  }
  const days = a.days;
  const holidays = a.holidays;
  const metrics = Object.keys(APPOINTMENT_METRICS);
  const count = (n) => Math.round(n).toLocaleString('en-GB');
  const totalOf = (d, metric) => (a.totals.has(d) && present(a.totals.get(d)[metric]) ? a.totals.get(d)[metric] : null);
  const described = 'Bank holidays: ' + describeDays(days.filter((d) => holidays.has(d))) + '. The numbers are in the table below.';

  const totals = appointmentFigure('appointments-totals', 'Published appointments per day', days, holidays,
      metrics.map((m) => [APPOINTMENT_METRICS[m], (d) => (totalOf(d, m) === null ? null : count(totalOf(d, m)))]));
  totals.setAttribute('aria-label', 'Line chart of published appointments per day, all and GP, from ' + formatDay(days[0]) + ' to '
      + formatDay(days[days.length - 1]) + '. ' + described);
  state.appointmentCharts.push(appointmentChart(totals, days, holidays, metrics.map((m, i) => ({
    label: APPOINTMENT_METRICS[m], data: days.map((d) => totalOf(d, m)), borderColor: COLOURS[i], backgroundColor: COLOURS[i],
    borderWidth: 2, pointRadius: 0, spanGaps: false
  })), count));

  const changeOf = (d, m) => a.change[m].get(d) || null;
  const change = appointmentFigure('appointments-change', 'Change against baseline (7-day window, by day type) with its 95% interval',
      days, holidays, metrics.map((m) => [APPOINTMENT_METRICS[m], (d) => (changeOf(d, m) && present(changeOf(d, m).value) ? formatReading(changeOf(d, m)) : null)]));
  change.setAttribute('aria-label', 'Line chart of the change in published appointments against baseline, all and GP, from '
      + formatDay(days[0]) + ' to ' + formatDay(days[days.length - 1]) + '. ' + described);
  const datasets = [];
  metrics.forEach((m, i) => {
    const colour = COLOURS[i];
    const at = (d) => changeOf(d, m);
    datasets.push({label: APPOINTMENT_METRICS[m], values: days.map(at), data: days.map((d) => (at(d) && present(at(d).value) ? at(d).value : null)),
      borderColor: colour, backgroundColor: colour, borderWidth: 2, pointRadius: 0, spanGaps: false});
    // the 95% interval as a band, as on the trends: the upper bound's dataset fills down to the lower one's
    datasets.push({label: APPOINTMENT_METRICS[m] + ': lower bound', band: true, data: days.map((d) => (at(d) && present(at(d).low) ? at(d).low : null)),
      borderColor: 'transparent', pointRadius: 0, fill: false, spanGaps: false});
    datasets.push({label: APPOINTMENT_METRICS[m] + ': 95% interval', band: true, data: days.map((d) => (at(d) && present(at(d).high) ? at(d).high : null)),
      borderColor: 'transparent', backgroundColor: withAlpha(colour, 0.18), pointRadius: 0, fill: '-1', spanGaps: false});
  });
  rulesFor('appointments_change', null, 'gp', state.area).filter((r) => r.type !== 'EARS_C2').slice(0, 1).forEach((r) => {
    datasets.push({label: 'Warning (GP)', data: days.map(() => r.warning), borderColor: '#a35a00', borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0});
    datasets.push({label: 'Worst case (GP)', data: days.map(() => r.critical), borderColor: '#d5281b', borderDash: [2, 3], borderWidth: 1.5, pointRadius: 0});
  });
  state.appointmentCharts.push(appointmentChart(change, days, holidays, datasets, SIGNED_PCT));
}
