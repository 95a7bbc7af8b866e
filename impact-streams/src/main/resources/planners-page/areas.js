// Areas: England -> region -> ICB, the choosers and the breadcrumb.

import {ENGLAND} from './format.js';
import {$, state} from './state.js';
import {complain} from './api.js';
import {loadDay, showLatest} from './days.js';
import {loadRules} from './status.js';
import {startStream} from './stream.js';

export function mayRead(code) {
  return state.me && state.me.areas.includes(code);
}

// --- areas: England -> region -> ICB ---

export function areaName(code) {
  const area = state.areas.get(code);
  return area ? area.name : code;
}

export function shortName(code) {
  return areaName(code).replace(/^NHS /, '').replace(/ Integrated Care Board$/, '');
}

export function childrenOf(code) {
  return Array.from(state.areas.values()).filter((a) => a.parent === code).sort((a, b) => a.name.localeCompare(b.name));
}

export function regionOf(code) {
  const area = state.areas.get(code);
  if (!area) {
    return null;
  }
  return area.kind === 'ICB' ? area.parent : area.kind === 'REGION' ? code : null;
}

export function fillSelects() {
  const region = regionOf(state.area);
  const regionSelect = $('region');
  regionSelect.textContent = '';
  if (mayRead(ENGLAND)) {
    regionSelect.append(new Option('England (all regions)', ENGLAND));
  }
  childrenOf(ENGLAND).filter((r) => mayRead(r.code) || childrenOf(r.code).some((i) => mayRead(i.code))).forEach((r) => {
    regionSelect.append(new Option(r.name + ' (' + r.code + ')', r.code));
  });
  regionSelect.value = region || ENGLAND;
  regionSelect.disabled = regionSelect.options.length < 2;
  const icbSelect = $('icb');
  icbSelect.textContent = '';
  if (region) {
    if (mayRead(region)) {
      icbSelect.append(new Option('Whole region', region));
    }
    childrenOf(region).filter((i) => mayRead(i.code)).forEach((i) => icbSelect.append(new Option(shortName(i.code) + ' (' + i.code + ')', i.code)));
    icbSelect.value = state.area;
  } else {
    icbSelect.append(new Option('Choose a region first', ''));
  }
  icbSelect.disabled = icbSelect.options.length < 2;
}

export function fillBreadcrumb() {
  const trail = [];
  for (let code = state.area; code; code = (state.areas.get(code) || {}).parent) {
    trail.unshift(code);
  }
  const list = $('breadcrumb');
  list.textContent = '';
  trail.forEach((code, i) => {
    const item = document.createElement('li');
    if (i === trail.length - 1) {
      item.textContent = code === ENGLAND ? 'England' : shortName(code);
      item.setAttribute('aria-current', 'page');
    } else if (mayRead(code)) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'link';
      button.textContent = code === ENGLAND ? 'England' : shortName(code);
      button.addEventListener('click', () => openArea(code, true));
      item.append(button);
    } else {
      item.textContent = code === ENGLAND ? 'England' : shortName(code);
    }
    list.append(item);
  });
}

export async function openArea(code, focus) {
  if (!mayRead(code)) {
    complain('Your credential may not read ' + areaName(code) + '; showing ' + areaName(state.me.home) + ' instead.');
    code = state.me.home;
  } else {
    $('errors').textContent = '';
  }
  state.area = code;
  history.replaceState(null, '', '#area=' + encodeURIComponent(code));
  fillSelects();
  fillBreadcrumb();
  const area = state.areas.get(code);
  $('area-heading').textContent = (code === ENGLAND ? 'England' : area.name) + (code === ENGLAND ? '' : ' (' + code + ')');
  $('area-facts').textContent = (area.kind === 'ICB' ? 'Integrated care board' : area.kind === 'REGION' ? 'NHS England region' : 'Country')
      + ': ' + area.practices.toLocaleString('en-GB') + ' practices, ' + area.registeredPatients.toLocaleString('en-GB') + ' registered patients.';
  startStream(code);
  loadRules(code);
  if ($('follow-latest').checked || !$('day').value) {
    await showLatest();
  } else {
    await loadDay($('day').value);
  }
  if (focus) {
    $('area-heading').focus();
  }
}
