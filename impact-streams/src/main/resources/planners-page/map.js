// The tile map of the ICBs grouped by region, each tile its area's alert status.

import {ENGLAND} from './format.js';
import {$, state} from './state.js';
import {childrenOf, mayRead, openArea, regionOf, shortName} from './areas.js';
import {areaStatus} from './status.js';

export function renderMap() {
  const map = $('map');
  map.textContent = '';
  if (!state.me || !state.area) {
    return;
  }
  const area = state.areas.get(state.area);
  const regions = area.kind === 'COUNTRY' ? childrenOf(ENGLAND) : [state.areas.get(regionOf(state.area))];
  let tiles = 0;
  regions.forEach((region) => {
    const icbs = childrenOf(region.code).filter((i) => mayRead(i.code));
    if (!icbs.length && !mayRead(region.code)) {
      return;
    }
    const group = document.createElement('div');
    group.className = 'region';
    const heading = document.createElement('h4');
    if (mayRead(region.code)) {
      heading.append(tile(region.code, region.name));
    } else {
      heading.textContent = region.name;
    }
    const grid = document.createElement('ul');
    grid.className = 'tiles';
    grid.setAttribute('aria-label', 'ICBs in ' + region.name);
    icbs.forEach((icb) => {
      const item = document.createElement('li');
      item.append(tile(icb.code, shortName(icb.code)));
      grid.append(item);
      tiles++;
    });
    group.append(heading, grid);
    map.append(group);
  });
  $('map-section').hidden = tiles < 2;
}

export function tile(code, name) {
  const status = areaStatus(code);
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'tile status-' + status.css + (code === state.area ? ' current' : '');
  button.dataset.area = code;
  button.innerHTML = '<span class="tile-name"></span><span class="tile-status"></span>';
  button.querySelector('.tile-name').textContent = name;
  button.querySelector('.tile-status').textContent = code + ' \u00b7 ' + status.text;
  button.setAttribute('aria-label', name + ' (' + code + '): ' + status.text + (code === state.area ? ', shown now' : ''));
  if (code === state.area) {
    button.setAttribute('aria-current', 'true');
  }
  button.addEventListener('click', () => openArea(code, true));
  return button;
}
