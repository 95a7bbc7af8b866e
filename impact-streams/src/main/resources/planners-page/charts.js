// Trends: Chart.js line charts of the indicators with their 95% bands, day types and provisional days.

import {addDays, COLOURS, FIRST_ORDER, formatDay, formatReading, HEADLINE, INDICATORS, kindIn, METRICS, present, TREND_DAYS, WEEKDAYS} from './format.js';
import {$, state} from './state.js';
import {api} from './api.js';
import {provisionalReason} from './days.js';
import {cell, renderTables, tag, titleOf} from './tables.js';
import {rulesFor} from './status.js';

// --- trends ---

export const CHARTED = HEADLINE.concat(['participation_rate', 'patients_covered_rate', 'participating_practices', 'attributable_change']);

/**
 * The last day charted: the shown day; or, when the shown day is the latest settled one or newer, the edge (the
 * horizon), so the provisional days are on the charts, drawn as such, beside the settled ones.
 */
export function trendEnd() {
  return state.edge && state.settledDay && state.day >= state.settledDay && state.day < state.edge ? state.edge : state.day;
}

/** Bank holidays of the charted days (GET /api/v1/calendar); none marked where the server does not offer it. */
export async function loadCalendar(from, to) {
  if (state.calendarRange && state.calendarRange.from <= from && state.calendarRange.to >= to) {
    return;
  }
  const answer = await api('api/v1/calendar?from=' + from + '&to=' + to);
  const known = answer.status === 200 && answer.body && Array.isArray(answer.body.bankHolidays);
  state.bankHolidays = new Set(known ? answer.body.bankHolidays : []);
  state.calendarRange = {from: from, to: to};
}

export function kindOfDay(day) {
  return kindIn(day, state.bankHolidays);
}

export async function loadTrends() {
  if (!state.day) {
    state.charts.forEach((chart) => chart.destroy());
    state.charts = new Map();
    $('charts').textContent = '';
    return;
  }
  const area = state.area;
  const shown = state.day;
  const to = trendEnd();
  const from = addDays(to, -(TREND_DAYS - 1));
  const [answers] = await Promise.all([
    Promise.all(CHARTED.map((id) => api('api/v1/areas/' + encodeURIComponent(area) + '/indicators/' + id + '?from=' + from + '&to=' + to))),
    loadCalendar(from, to)]);
  if (area !== state.area || shown !== state.day) {
    return;
  }
  state.series = new Map();
  CHARTED.forEach((id, i) => {
    state.series.set(id, answers[i].status === 200 && Array.isArray(answers[i].body) ? answers[i].body : []);
  });
  state.seriesArea = area;
  state.trendDays = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    state.trendDays.push(d);
  }
  // the days in a row past a threshold are counted on these series
  renderTables();
  if (typeof Chart === 'undefined') {
    $('charts').textContent = 'Charts are unavailable (the chart library did not load); the tables above have every number.';
    return;
  }
  drawCharts();
}

/** Series of one indicator as lines (label → day → value): one per action (and metric); actions never in force (all zero) are left out. */
export function linesOf(id) {
  const byLine = new Map();
  (state.series.get(id) || []).forEach((v) => {
    if (v.metric && FIRST_ORDER[v.action] !== v.metric) {
      return;
    }
    const label = v.action ? titleOf(v.action) + (v.metric ? ': ' + (METRICS[v.metric] || v.metric) : '') : INDICATORS[id].title;
    if (!byLine.has(label)) {
      byLine.set(label, new Map());
    }
    byLine.get(label).set(v.day, v);
  });
  const perAction = (state.series.get(id) || []).some((v) => v.action);
  return Array.from(byLine.entries())
      .filter(([, days]) => Array.from(days.values()).some((x) => present(x.value) && (!perAction || x.value !== 0)));
}

export function withAlpha(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return 'rgba(' + (n >> 16) + ', ' + ((n >> 8) & 255) + ', ' + (n & 255) + ', ' + alpha + ')';
}

export function hatchPattern(ctx) {
  const tile = document.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const g = tile.getContext('2d');
  g.fillStyle = 'rgba(255, 255, 255, 0.6)';
  g.fillRect(0, 0, 8, 8);
  g.strokeStyle = 'rgba(66, 85, 99, 0.45)';
  g.lineWidth = 1.5;
  g.beginPath();
  g.moveTo(-2, 10);
  g.lineTo(10, -2);
  g.moveTo(-2, 2);
  g.lineTo(2, -2);
  g.moveTo(6, 10);
  g.lineTo(10, 6);
  g.stroke();
  return ctx.createPattern(tile, 'repeat');
}

/**
 * Behind the lines: weekends (light grey), bank holidays (darker, "BH"), provisional days (hatched,
 * "provisional"), and a line at the day shown above when the chart runs past it.
 */
export const DAY_BANDS = {
  id: 'dayBands',
  beforeDatasetsDraw(chart, args, options) {
    const days = options.days || [];
    const x = chart.scales.x;
    const area = chart.chartArea;
    if (!days.length || !x) {
      return;
    }
    const step = days.length > 1 ? x.getPixelForValue(1) - x.getPixelForValue(0) : area.right - area.left;
    const ctx = chart.ctx;
    ctx.save();
    ctx.font = '10px Arial, sans-serif';
    ctx.textBaseline = 'top';
    let labelledProvisional = false;
    days.forEach((day, i) => {
      const left = Math.max(area.left, x.getPixelForValue(i) - step / 2);
      const right = Math.min(area.right, x.getPixelForValue(i) + step / 2);
      if (right <= left) {
        return;
      }
      // the appointments section reads its own (longer) range of the calendar
      const kind = options.holidays ? kindIn(day, options.holidays) : kindOfDay(day);
      if (kind) {
        ctx.fillStyle = kind === 'bank holiday' ? '#cfd6db' : '#eceff1';
        ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
      }
      if (options.provisional && options.provisional.has(day)) {
        ctx.fillStyle = options.hatch || (options.hatch = hatchPattern(ctx));
        ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
        if (!labelledProvisional) {
          labelledProvisional = true;
          const width = ctx.measureText('provisional').width;
          ctx.fillStyle = 'rgba(255, 255, 255, 0.9)';
          ctx.fillRect(area.right - width - 5, area.top + 1, width + 4, 12);
          ctx.fillStyle = '#212b32';
          ctx.textAlign = 'right';
          ctx.fillText('provisional', area.right - 3, area.top + 2);
        }
      }
      if (kind === 'bank holiday') {
        ctx.fillStyle = '#212b32';
        ctx.textAlign = 'center';
        ctx.fillText('BH', (left + right) / 2, area.bottom - 12);
      }
    });
    const shown = days.indexOf(options.shown);
    if (shown >= 0 && shown < days.length - 1) {
      ctx.strokeStyle = '#212b32';
      ctx.setLineDash([3, 3]);
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x.getPixelForValue(shown), area.top);
      ctx.lineTo(x.getPixelForValue(shown), area.bottom);
      ctx.stroke();
    }
    ctx.restore();
  }
};

export function describeDays(days) {
  if (!days.length) {
    return 'none';
  }
  return days.length > 2 ? formatDay(days[0]) + ' to ' + formatDay(days[days.length - 1]) : days.map(formatDay).join(' and ');
}

export function drawCharts() {
  state.charts.forEach((chart) => chart.destroy());
  state.charts = new Map();
  const box = $('charts');
  box.textContent = '';
  const days = state.trendDays;
  CHARTED.forEach((id) => {
    const lines = linesOf(id);
    const figure = document.createElement('figure');
    figure.className = 'chart';
    figure.dataset.indicator = id;
    const caption = document.createElement('figcaption');
    caption.textContent = INDICATORS[id].title + (INDICATORS[id].help ? ' (' + INDICATORS[id].help + ')' : '');
    figure.append(caption);
    if (!lines.length) {
      const none = document.createElement('p');
      none.className = 'hint';
      none.textContent = 'No values in these ' + TREND_DAYS + ' days.';
      figure.append(none);
      box.append(figure);
      return;
    }
    const holder = document.createElement('div');
    // one line per action needs room for its legend as well as the plot
    holder.className = 'canvas-holder' + (lines.length > 3 ? ' tall' : '');
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    holder.append(canvas);
    figure.append(holder, dataTable(id, lines));
    box.append(figure);
    const format = INDICATORS[id].format;
    const provisional = new Set(days.filter((d) => lines.some(([, values]) => values.has(d) && values.get(d).provisional)));
    figure.dataset.provisionalDays = Array.from(provisional).join(' ');
    const datasets = [];
    lines.forEach(([label, values], i) => {
      const colour = COLOURS[i % COLOURS.length];
      const at = (d) => (values.has(d) ? values.get(d) : null);
      const few = Array.from(values.values()).filter((x) => present(x.value)).length <= 14;
      datasets.push({
        label: label, values: days.map(at), data: days.map((d) => (at(d) ? at(d).value : null)),
        borderColor: colour, backgroundColor: colour, borderWidth: 2, spanGaps: false,
        // a short series is only a few dots: draw them, or a lone day would not show at all; a provisional
        // day's point is drawn hollow and the line into it dashed
        pointRadius: days.map((d) => (provisional.has(d) || few ? 3 : 0)),
        pointBackgroundColor: days.map((d) => (provisional.has(d) ? '#fff' : colour)),
        segment: {borderDash: (c) => (provisional.has(days[c.p1DataIndex]) ? [5, 4] : undefined)}
      });
      if (Array.from(values.values()).some((x) => present(x.low) && present(x.high))) {
        // the 95% interval as a band: Chart.js fills the upper bound's dataset down to the one before it
        datasets.push({label: label + ': lower bound', band: true, data: days.map((d) => (at(d) && present(at(d).low) ? at(d).low : null)),
          borderColor: 'transparent', pointRadius: 0, fill: false, spanGaps: false});
        datasets.push({label: label + ': 95% interval', band: true, data: days.map((d) => (at(d) && present(at(d).high) ? at(d).high : null)),
          borderColor: 'transparent', backgroundColor: withAlpha(colour, 0.18), pointRadius: 0, fill: '-1', spanGaps: false});
      }
    });
    const rules = HEADLINE.includes(id) ? rulesFor(id, null, null, state.area).filter((r) => r.type !== 'EARS_C2') : [];
    rules.slice(0, 1).forEach((r) => {
      datasets.push({label: 'Warning', data: days.map(() => r.warning), borderColor: '#a35a00', borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0});
      datasets.push({label: 'Worst case', data: days.map(() => r.critical), borderColor: '#d5281b', borderDash: [2, 3], borderWidth: 1.5, pointRadius: 0});
    });
    const lines_ = datasets.filter((d) => !d.band);
    const latest = lines.map(([label, values]) => label + ' ' + (values.has(state.day) ? formatReading(values.get(state.day))
        + (values.get(state.day).provisional ? ', provisional' : '') : 'no value')).join('; ');
    const holidays = days.filter((d) => state.bankHolidays.has(d));
    canvas.setAttribute('aria-label', 'Line chart of ' + INDICATORS[id].title + ' from ' + days[0] + ' to ' + days[days.length - 1]
        + '. On ' + state.day + ': ' + latest + '. Provisional days: ' + describeDays(Array.from(provisional))
        + '. Bank holidays: ' + describeDays(holidays) + '. The numbers are in the table below.');
    state.charts.set(id, new Chart(canvas, {
      type: 'line',
      data: {labels: days.map((d) => d.slice(5)), datasets: datasets},
      plugins: [DAY_BANDS],
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        interaction: {mode: 'index', intersect: false},
        plugins: {
          dayBands: {days: days, provisional: provisional, shown: state.day},
          legend: {display: lines_.length > 1, position: 'bottom',
            labels: {boxWidth: 12, font: {size: 11}, filter: (item, data) => !data.datasets[item.datasetIndex].band}},
          tooltip: {
            filter: (item) => !item.dataset.band,
            callbacks: {
              title: (items) => (items.length ? formatDay(days[items[0].dataIndex]) + (kindOfDay(days[items[0].dataIndex]) ? ', ' + kindOfDay(days[items[0].dataIndex]) : '') : ''),
              label: (c) => {
                const v = c.dataset.values ? c.dataset.values[c.dataIndex] : null;
                if (v) {
                  return c.dataset.label + ': ' + formatReading(v) + (v.provisional ? ', provisional' : '');
                }
                return c.dataset.label + ': ' + (c.parsed.y === null ? 'no value' : format(c.parsed.y));
              }
            }
          }
        },
        scales: {
          x: {ticks: {maxTicksLimit: 8, color: '#212b32'}, grid: {display: false}},
          y: {beginAtZero: true, ticks: {callback: (v) => format(v), color: '#212b32', maxTicksLimit: 6,
            precision: id === 'participating_practices' ? 0 : undefined}}
        }
      }
    }));
  });
}

export function dataTable(id, lines) {
  const details = document.createElement('details');
  const summary = document.createElement('summary');
  summary.textContent = 'Numbers for ' + INDICATORS[id].title;
  const table = document.createElement('table');
  table.className = 'data small';
  const head = document.createElement('tr');
  ['Day'].concat(lines.map(([label]) => label)).forEach((text) => {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = text;
    head.append(th);
  });
  const thead = document.createElement('thead');
  thead.append(head);
  const body = document.createElement('tbody');
  state.trendDays.slice().reverse().forEach((d) => {
    if (!lines.some(([, days]) => days.has(d))) {
      return;
    }
    const row = document.createElement('tr');
    row.dataset.day = d;
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = d + ' ' + WEEKDAYS[new Date(d + 'T12:00:00Z').getUTCDay()];
    if (kindOfDay(d)) {
      th.append(' ', tag(kindOfDay(d), 'tag-' + kindOfDay(d).replace(' ', '-')));
    }
    row.append(th);
    lines.forEach(([, days]) => {
      const v = days.get(d);
      const td = cell(row, v ? formatReading(v) : 'no value');
      if (v && v.provisional) {
        row.classList.add('provisional');
        td.append(' ', tag('provisional', 'tag-provisional', provisionalReason(d)));
      }
    });
    body.append(row);
  });
  table.append(thead, body);
  details.append(summary, table);
  return details;
}
