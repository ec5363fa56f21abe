// The live dashboard: plain JavaScript, no build, no CDN. Every request goes to the gateway that served the page.
// Values from the system are put into the page as text (never as HTML).
'use strict';

const POLL_MS = 1000;
const SHARE_WINDOW_MS = 10 * 1000;
const TOKEN_KEY = 'distlab-cluster-token';

// the gateway's consensus history (GET /api/gateway/consensus): loaded whole when the page opens, then only what
// came after the newest sample held; samples {at, t (ms), leader, ballot, commitIndex, commitsPerSecond, roles}
const consensus = {samples: [], elections: [], retentionMs: 0, loaded: false};
const requestSamples = []; // {t, counts: {service: {id: requests}}}

// --- small helpers ---------------------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'class') node.className = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function replace(id, ...children) {
  document.getElementById(id).replaceChildren(...children.flat());
}

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Asks for the token once; resolves with it, or null if the user cancels. */
function askToken() {
  const dialog = document.getElementById('token-dialog');
  const input = document.getElementById('token-input');
  input.value = token() || '';
  return new Promise(resolve => {
    dialog.addEventListener('close', () => {
      if (dialog.returnValue === 'save' && input.value.trim()) {
        sessionStorage.setItem(TOKEN_KEY, input.value.trim());
        resolve(input.value.trim());
      } else {
        resolve(null);
      }
    }, {once: true});
    dialog.showModal();
    input.focus();
  });
}

/** A request to the gateway; with admin, the token is sent (asked for first if this tab has none). */
async function api(method, path, {body, admin, headers} = {}) {
  const h = Object.assign({'Accept': 'application/json'}, headers || {});
  if (body !== undefined) h['Content-Type'] = 'application/json';
  if (admin) {
    const t = token() || await askToken();
    if (!t) throw new Error('This action needs the cluster token.');
    h['Authorization'] = 'Bearer ' + t;
  }
  const response = await fetch(path, {method, headers: h, body: body === undefined ? undefined : JSON.stringify(body)});
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
  if (admin && response.status === 401) sessionStorage.removeItem(TOKEN_KEY);
  return {status: response.status, ok: response.ok, data, headers: response.headers};
}

function problemText(result) {
  const d = result.data;
  if (d && typeof d === 'object' && (d.detail || d.title)) return `${result.status}: ${d.detail || d.title}`;
  return `HTTP ${result.status}`;
}

function badge(text, kind) {
  return el('span', {class: 'badge ' + kind}, text);
}

function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString() : '–';
}

// --- topology --------------------------------------------------------------------------------------------------

function renderTopology(topology) {
  const tables = topology.services.map(service => {
    const participants = service.service === 'participant-service';
    const head = el('tr', {}, el('th', {scope: 'col'}, 'Instance'), el('th', {scope: 'col'}, 'Health'),
      participants ? [el('th', {scope: 'col'}, 'Role'), el('th', {scope: 'col'}, 'Leader it knows'),
        el('th', {scope: 'col'}, 'Ballot'), el('th', {scope: 'col'}, 'Commit index')] : [],
      el('th', {scope: 'col'}, 'Requests sent'));
    const rows = service.instances.map(i => {
      const health = i.ejected ? badge(`ejected ${Math.ceil(i.ejectedForMillis / 1000)} s`, 'bad')
        : i.available ? badge('healthy', 'good') : badge('not ready', 'bad');
      const paxos = i.node && i.node.paxos;
      const cells = participants ? (paxos
        ? [el('td', {}, paxos.role === 'leader' ? badge('leader', 'leader') : paxos.role),
          el('td', {}, paxos.leader || 'none'), el('td', {}, paxos.ballot), el('td', {class: 'num'}, paxos.commitIndex)]
        : [el('td', {colspan: 4, class: 'muted'}, i.nodeError || 'no config store')]) : [];
      return el('tr', {'data-instance': i.id, 'data-role': paxos ? paxos.role : ''},
        el('th', {scope: 'row'}, i.id), el('td', {}, health), cells, el('td', {class: 'num'}, i.requests));
    });
    return el('table', {class: 'grid', 'data-service': service.service},
      el('caption', {}, `${service.service} (${service.instances.length})`), el('thead', {}, head),
      el('tbody', {}, rows));
  });
  replace('topology-body', tables);
}

// --- consensus timeline ----------------------------------------------------------------------------------------

async function refreshConsensus() {
  const last = consensus.samples[consensus.samples.length - 1];
  const result = await api('GET', '/api/gateway/consensus' + (last ? '?since=' + encodeURIComponent(last.at) : ''));
  if (!result.ok) throw new Error(problemText(result));
  const history = result.data;
  consensus.retentionMs = history.retentionMillis;
  consensus.samples.push(...history.samples.map(s => Object.assign({t: Date.parse(s.at)}, s)));
  consensus.elections.push(...history.elections.map(e => Object.assign({t: Date.parse(e.at)}, e)));
  // the gateway forgets what is older than its retention; so does the page
  const newest = consensus.samples.length ? consensus.samples[consensus.samples.length - 1].t : 0;
  const drop = list => { while (list.length && list[0].t < newest - consensus.retentionMs) list.shift(); };
  drop(consensus.samples);
  drop(consensus.elections);
  consensus.loaded = true;
}

/** The runs of equal values in the samples: [{value, from, to}] with times in ms; each run lasts until the next. */
function runs(samples, valueOf) {
  const result = [];
  samples.forEach((s, i) => {
    const value = valueOf(s);
    const to = i + 1 < samples.length ? samples[i + 1].t : s.t;
    const open = result[result.length - 1];
    if (open && open.value === value) open.to = to;
    else result.push({value, from: s.t, to});
  });
  return result;
}

function renderConsensus() {
  const timeline = consensus.samples;
  if (!timeline.length) {
    replace('consensus-summary', consensus.loaded ? 'No samples yet: the gateway takes one a second.' : 'Loading…');
    return;
  }
  const last = timeline[timeline.length - 1];
  let since = last;
  for (let i = timeline.length - 1; i >= 0 && timeline[i].ballot === last.ballot && timeline[i].leader === last.leader; i--) {
    since = timeline[i];
  }
  const first = timeline[0];
  const recent = timeline.slice(-5).map(s => s.commitsPerSecond).filter(r => r !== null && r !== undefined);
  const rate = recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : null;
  const elections = consensus.elections.length;
  const minutes = Math.max(1, Math.round((last.t - first.t) / 60000));
  replace('consensus-summary', last.leader
    ? [`Leader `, el('b', {id: 'leader-now'}, last.leader), ` at ballot ${last.ballot}, seen since ${new Date(since.t).toLocaleTimeString()}; `,
      `${elections} election${elections === 1 ? '' : 's'} in the last ${minutes} min; commit rate ${rate === null ? '–' : rate.toFixed(0)}/s.`]
    : [el('b', {id: 'leader-now'}, 'No leader'), ' — writes to the config store wait or fail until one is elected.']);

  const ids = Object.keys(last.roles).sort();
  // drawn at the chart's own width, so that its text keeps its size on a narrow screen rather than shrinking
  const width = Math.max(300, Math.round(document.getElementById('consensus-chart').clientWidth || 720));
  const left = 96;
  const rowH = 18;
  const rateH = 60;
  const top = ids.length * rowH + 10;
  const height = top + rateH + 20;
  const span = Math.max(last.t - first.t, 1);
  const x = t => left + (t - first.t) / span * (width - left - 10);
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `Leader per participant over ${Math.round(span / 1000)} s, elections marked, with the commit rate`);
  svg.dataset.samples = timeline.length;
  svg.dataset.firstSample = first.t;
  const add = (tag, attrs, text) => {
    const n = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    if (text !== undefined) n.textContent = text;
    svg.append(n);
    return n;
  };
  ids.forEach((id, row) => {
    const y = row * rowH + 4;
    add('text', {x: 0, y: y + 12, class: 'label'}, id);
    add('rect', {x: left, y, width: width - left - 10, height: rowH - 4, class: 'lane'});
    for (const run of runs(timeline, s => s.roles[id] || 'unreachable')) {
      if (run.value === 'leader' || run.value === 'unreachable') {
        add('rect', {x: x(run.from), y, width: Math.max(x(run.to) - x(run.from), 1), height: rowH - 4,
          class: run.value === 'leader' ? 'lead' : 'down'});
      }
    }
  });
  for (const e of consensus.elections.filter(e => e.t >= first.t)) {
    const mark = add('line', {x1: x(e.t), x2: x(e.t), y1: 0, y2: ids.length * rowH + 4, class: 'election',
      'data-leader': e.leader, 'data-previous': e.previousLeader, 'data-at': e.t});
    const title = document.createElementNS(ns, 'title');
    title.textContent = `${new Date(e.t).toLocaleTimeString()}: ${e.previousLeader} → ${e.leader} (ballot ${e.ballot})`;
    mark.append(title);
  }
  const rates = timeline.filter(s => s.commitsPerSecond !== null && s.commitsPerSecond !== undefined);
  const maxRate = Math.max(1, ...rates.map(s => s.commitsPerSecond));
  add('text', {x: 0, y: top + 12, class: 'label'}, 'commits/s');
  add('text', {x: 0, y: top + 28, class: 'label'}, `max ${maxRate.toFixed(0)}`);
  add('line', {x1: left, x2: width - 10, y1: top + rateH, y2: top + rateH, class: 'axis'});
  if (rates.length > 1) {
    add('polyline', {points: rates.map(s => `${x(s.t)},${top + rateH - s.commitsPerSecond / maxRate * rateH}`).join(' '), class: 'rate'});
  }
  add('text', {x: left, y: height - 2, class: 'label'}, new Date(first.t).toLocaleTimeString());
  add('text', {x: width - 10, y: height - 2, class: 'label', 'text-anchor': 'end'}, new Date(last.t).toLocaleTimeString());
  replace('consensus-chart', svg);
  replace('elections', consensus.elections.length === 0 ? el('li', {class: 'muted'}, 'None in the window.') : consensus.elections.slice(-5).reverse().map(e => el('li', {'data-leader': e.leader, 'data-previous': e.previousLeader || ''},
    `${new Date(e.t).toLocaleTimeString()}: ${e.previousLeader} → `, el('b', {}, e.leader), ` at ballot ${e.ballot}`)));
}

// --- load balancing --------------------------------------------------------------------------------------------

function recordRequests(balancers, now) {
  const counts = {};
  for (const b of balancers) counts[b.service] = Object.fromEntries(b.instances.map(i => [i.id, i.requests]));
  requestSamples.push({t: now, counts});
  while (requestSamples.length > 2 && requestSamples[1].t <= now - SHARE_WINDOW_MS) requestSamples.shift();
}

/** Each instance's share of the requests sent in the window, by service; null where nothing was sent. */
function shares() {
  const result = {};
  if (requestSamples.length < 2) return result;
  const first = requestSamples[0].counts;
  const last = requestSamples[requestSamples.length - 1].counts;
  for (const [service, counts] of Object.entries(last)) {
    const deltas = Object.fromEntries(Object.entries(counts).map(([id, n]) => [id, Math.max(0, n - ((first[service] || {})[id] || 0))]));
    const total = Object.values(deltas).reduce((a, b) => a + b, 0);
    result[service] = total === 0 ? null : Object.fromEntries(Object.entries(deltas).map(([id, d]) => [id, d / total]));
  }
  return result;
}

let editing = null; // the service whose policy form has focus: not redrawn under the user's hands

function renderBalancing(balancers) {
  if (editing) return;
  const share = shares();
  const blocks = balancers.map(b => {
    const s = share[b.service];
    const rows = b.instances.map(i => {
      const pct = s ? s[i.id] * 100 : 0;
      return el('tr', {'data-instance': i.id},
        el('th', {scope: 'row'}, i.id),
        el('td', {}, i.healthy ? badge('in rotation', 'good') : badge('out', 'bad')),
        el('td', {class: 'share'}, el('span', {class: 'bar', style: `width:${pct.toFixed(1)}%`}),
          el('span', {class: 'pct', 'data-share': s ? pct.toFixed(1) : ''}, s ? pct.toFixed(1) + ' %' : 'no traffic')),
        el('td', {}, el('label', {}, el('span', {class: 'visually-hidden'}, `Weight of ${i.id}`),
          el('input', {type: 'number', min: 0, max: 1000, value: i.weight, name: 'weight-' + i.id, 'data-id': i.id, class: 'weight'}))));
    });
    const select = el('select', {name: 'policy', 'aria-label': `Policy of ${b.service}`},
      ['random', 'round-robin', 'weighted'].map(p => el('option', {value: p, selected: p === b.policy}, p)));
    const form = el('form', {class: 'balancer', 'data-service': b.service,
      onfocusin: () => { editing = b.service; }, onfocusout: e => { if (!form.contains(e.relatedTarget)) editing = null; },
      onsubmit: e => { e.preventDefault(); applyPolicy(b.service, form); }},
      el('h3', {}, b.service, ' — ', el('span', {class: 'policy-now'}, b.policy)),
      el('table', {class: 'grid'}, el('thead', {}, el('tr', {}, el('th', {scope: 'col'}, 'Instance'),
        el('th', {scope: 'col'}, 'State'), el('th', {scope: 'col'}, 'Share (last 10 s)'), el('th', {scope: 'col'}, 'Weight'))),
        el('tbody', {}, rows)),
      el('div', {class: 'row'}, el('label', {}, 'Policy ', select), el('button', {type: 'submit'}, 'Apply')),
      el('p', {class: 'result', role: 'status', 'aria-live': 'polite'}));
    return form;
  });
  replace('balancing-body', blocks);
}

async function applyPolicy(service, form) {
  const policy = form.querySelector('select').value;
  const weights = {};
  form.querySelectorAll('input.weight').forEach(input => { weights[input.dataset.id] = Number(input.value); });
  const out = form.querySelector('.result');
  try {
    const result = await api('PUT', `/api/gateway/balancers/${encodeURIComponent(service)}`,
      {body: {policy, weights}, admin: true});
    out.textContent = result.ok ? `Applied: ${result.data.policy}.` : problemText(result);
    if (result.ok) requestSamples.length = 0; // the shares start over under the new policy
  } catch (e) {
    out.textContent = e.message;
  }
  editing = null;
}

// --- transactions ----------------------------------------------------------------------------------------------

async function refreshTransactions() {
  // every coordinator's transactions, merged by the gateway (one coordinator's list through the balancer would
  // change with every poll)
  const [recent, preparing, heuristic] = await Promise.all([
    api('GET', '/api/gateway/transactions?limit=15'),
    api('GET', '/api/gateway/transactions?status=PREPARING&limit=100'),
    api('GET', '/api/gateway/transactions?status=HEURISTIC&limit=100')]);
  if (!recent.ok) {
    replace('tx-list', el('p', {class: 'muted'}, 'Transactions unavailable: ' + problemText(recent)));
    return;
  }
  const count = r => r.ok ? String(r.data.transactions.length) + (r.data.transactions.length === 100 ? '+' : '') : '?';
  const missing = Object.entries(recent.data.unreachable).map(([id, why]) => `${id} (${why})`);
  const inDoubt = recent.data.inDoubt;
  const unknown = Object.entries(inDoubt.unreachable).map(([id, why]) => `${id} (${why})`);
  const perParticipant = Object.entries(inDoubt.branches)
    .map(([id, n]) => el('span', {'data-in-doubt': id}, `${id}: ${n}`));
  replace('tx-counts',
    el('span', {}, 'In flight (PREPARING at a coordinator): ', el('b', {id: 'in-flight'}, count(preparing))), ' · ',
    el('span', {}, 'in doubt (branches at the participants): ', el('b', {id: 'in-doubt-total'}, String(inDoubt.total)),
      perParticipant.length ? [' (', perParticipant.flatMap((p, i) => i ? [', ', p] : [p]), ')'] : []), ' · ',
    el('span', {}, 'heuristic: ', el('b', {id: 'heuristic'}, count(heuristic))),
    unknown.length ? el('span', {class: 'muted'}, ` · in doubt unknown at ${unknown.join(', ')}`) : [],
    missing.length ? el('span', {class: 'muted'}, ` · not shown: the transactions of ${missing.join(', ')}`) : []);
  const rows = recent.data.transactions.map(tx => el('tr', {'data-tx': tx.id},
    el('td', {}, el('button', {type: 'button', class: 'link', onclick: () => showTransaction(tx.id)}, tx.id.slice(0, 13) + '…')),
    el('td', {}, badge(tx.status, tx.status === 'COMMITTED' ? 'good' : tx.status === 'PREPARING' ? 'warn' : 'bad')),
    el('td', {}, tx.reason || ''),
    el('td', {}, tx.branches.map(b => `${b.participant}: ${b.vote || '–'}/${b.state}`).join(', ')),
    el('td', {}, time(tx.createdAt))));
  replace('tx-list', el('table', {class: 'grid'}, el('caption', {}, 'Most recent'),
    el('thead', {}, el('tr', {}, ['Transaction', 'Status', 'Reason', 'Branches (vote/state)', 'Created'].map(h => el('th', {scope: 'col'}, h)))),
    el('tbody', {}, rows)));
}

let openTx = null; // the transaction shown in detail: followed until phase 2 has completed

async function showTransaction(id) {
  openTx = id;
  const result = await api('GET', `/api/transactions/${encodeURIComponent(id)}`);
  if (!result.ok) {
    replace('tx-detail', el('p', {}, problemText(result)));
    return;
  }
  const tx = result.data;
  if (tx.completedAt) openTx = null;
  const t0 = Date.parse(tx.createdAt);
  const phases = [['prepare and votes', tx.createdAt, tx.decidedAt], ['phase 2 (commit or abort)', tx.decidedAt, tx.completedAt]];
  const total = Math.max(1, (Date.parse(tx.completedAt || tx.decidedAt || tx.createdAt) - t0));
  replace('tx-detail', el('div', {class: 'detail', 'data-tx': tx.id},
    el('h3', {}, 'Transaction ', el('code', {}, tx.id), ' ', badge(tx.status, tx.status === 'COMMITTED' ? 'good' : 'bad')),
    el('table', {class: 'grid'}, el('thead', {}, el('tr', {}, ['Participant', 'Vote', 'State', 'Operations'].map(h => el('th', {scope: 'col'}, h)))),
      el('tbody', {}, tx.branches.map(b => el('tr', {'data-branch': b.participant}, el('th', {scope: 'row'}, b.participant),
        el('td', {}, b.vote || 'none yet'), el('td', {}, b.state),
        el('td', {}, (b.operations || []).map(o => `${o.account} ${o.delta > 0 ? '+' : ''}${o.delta}`).join(', ')))))),
    el('ol', {class: 'phases'}, phases.map(([name, from, to]) => el('li', {},
      el('span', {class: 'phase-bar', style: from && to ? `margin-left:${(Date.parse(from) - t0) / total * 60}%;width:${Math.max(1, (Date.parse(to) - Date.parse(from)) / total * 60)}%` : 'width:0'}),
      `${name}: ${from && to ? (Date.parse(to) - Date.parse(from)) + ' ms' : 'not yet'}`))),
    el('p', {}, `Created ${time(tx.createdAt)}, decided ${time(tx.decidedAt)}, completed ${time(tx.completedAt)}.`)));
}

async function transfer(event) {
  event.preventDefault();
  const form = event.target;
  const body = {from: form.from.value.trim(), to: form.to.value.trim(), amount: Number(form.amount.value)};
  const out = document.getElementById('transfer-result');
  out.textContent = 'Sending…';
  const result = await api('POST', '/api/transfers', {body, headers: {'Idempotency-Key': crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()}});
  const id = result.data && result.data.transactionId;
  out.replaceChildren(result.ok ? `Committed: transaction ${id}.` : problemText(result));
  await refreshTransactions();
  if (id) await showTransaction(id);
}

async function refreshAccounts() {
  const result = await api('GET', '/api/accounts');
  if (!result.ok) return;
  replace('accounts', result.data.accounts.slice(0, 500).map(a => el('option', {value: a.id}, `${a.balance} on ${a.participant}`)));
}

// --- config store ----------------------------------------------------------------------------------------------

async function browseConfig(event) {
  if (event) event.preventDefault();
  const prefix = document.querySelector('#config-form [name=prefix]').value.trim();
  const result = await api('GET', '/api/config?prefix=' + encodeURIComponent(prefix));
  if (!result.ok) {
    replace('config-list', el('p', {}, problemText(result)));
    return;
  }
  const entries = result.data.entries.slice(0, 200);
  replace('config-list', el('table', {class: 'grid'},
    el('caption', {}, `${result.data.entries.length} key(s) at store revision ${result.data.revision}` + (result.data.entries.length > 200 ? ' (first 200 shown)' : '')),
    el('thead', {}, el('tr', {}, ['Key', 'Value', 'Version', 'Revision', ''].map(h => el('th', {scope: 'col'}, h)))),
    el('tbody', {}, entries.map(e => el('tr', {'data-key': e.key}, el('th', {scope: 'row'}, e.key),
      el('td', {class: 'value'}, e.value), el('td', {class: 'num'}, e.version), el('td', {class: 'num'}, e.modRevision),
      el('td', {}, el('button', {type: 'button', onclick: () => editEntry(e)}, 'Edit')))))));
}

function editEntry(entry) {
  const form = document.getElementById('config-edit');
  form.key.value = entry.key;
  form.value.value = entry.value;
  form.revision.value = entry.modRevision;
  form.value.focus();
}

const RESERVED = ['tx/', 'bank/', 'gateway/'];

async function writeConfig(event) {
  event.preventDefault();
  const form = event.target;
  const key = form.key.value.trim();
  const revision = form.revision.value.trim();
  const headers = revision ? {'If-Match': `"${revision}"`} : {'If-None-Match': '*'};
  const out = document.getElementById('config-result');
  try {
    const result = await api('PUT', '/api/config/' + key.split('/').map(encodeURIComponent).join('/'),
      {body: {value: form.value.value}, headers, admin: RESERVED.some(p => key.startsWith(p))});
    out.textContent = result.ok ? `Written: ${key} is at revision ${result.data.modRevision}.`
      : result.status === 412 ? '412: the key changed since you read it (or already exists); browse again.' : problemText(result);
    if (result.ok) form.revision.value = result.data.modRevision;
  } catch (e) {
    out.textContent = e.message;
  }
  await browseConfig();
}

// --- faults and processes --------------------------------------------------------------------------------------

let knownInstances = []; // [{id, service}] from the topology, plus the gateway itself
let control = {available: false, actions: []};

/** The faults endpoint of an instance: the gateway's own, or relayed by the gateway to any other. */
function faultsPath(id) {
  return id === 'gateway' ? '/actuator/faults' : `/api/gateway/instances/${encodeURIComponent(id)}/faults`;
}

function updateInstanceChoices(topology) {
  const ids = ['gateway'].concat(topology.services.flatMap(s => s.instances.map(i => i.id)));
  if (ids.join() === knownInstances.join()) return;
  knownInstances = ids;
  const participants = topology.services.filter(s => s.service === 'participant-service').flatMap(s => s.instances.map(i => i.id));
  replace('partition-instance', participants.map(id => el('option', {value: id}, id)));
  replace('fault-instance', ids.map(id => el('option', {value: id}, id)));
}

async function refreshFaults() {
  if (!token()) {
    replace('faults-list', el('p', {class: 'muted'}, 'Enter the cluster token to see the active faults.'));
    return;
  }
  const lists = await Promise.all(knownInstances.map(id => api('GET', faultsPath(id), {admin: true})
    .then(r => ({id, r})).catch(e => ({id, r: {ok: false, status: 0, data: {detail: e.message}}}))));
  const rows = [];
  for (const {id, r} of lists) {
    if (!r.ok) { rows.push(el('tr', {}, el('th', {scope: 'row'}, id), el('td', {colspan: 5, class: 'muted'}, problemText(r)))); continue; }
    for (const f of r.data.faults) {
      const left = Math.max(0, Math.round((Date.parse(f.expiresAt) - Date.now()) / 1000));
      rows.push(el('tr', {'data-fault': f.id, 'data-on': id, 'data-kind': f.kind, 'data-target': f.target || ''},
        el('th', {scope: 'row'}, id), el('td', {}, `${f.kind} ${f.direction || ''}`),
        el('td', {}, f.target || f.path || ''), el('td', {}, f.delayMs ? `${f.delayMs} ms` : f.offsetMs ? `${f.offsetMs} ms` : ''),
        el('td', {}, `${left} s left · fired ${f.fired}`),
        el('td', {}, el('button', {type: 'button', onclick: () => clearFault(id, f.id)}, 'Clear'))));
    }
  }
  replace('faults-list', el('table', {class: 'grid'}, el('caption', {}, `Active faults (${rows.filter(r => r.dataset.fault).length})`),
    el('thead', {}, el('tr', {}, ['On', 'Kind', 'Target', 'Amount', 'Expires', ''].map(h => el('th', {scope: 'col'}, h)))),
    el('tbody', {}, rows)));
}

async function addFault(id, fault) {
  const r = await api('POST', faultsPath(id), {body: fault, admin: true});
  if (!r.ok) throw new Error(`${id}: ${problemText(r)}`);
  return r.data;
}

async function clearFault(id, faultId) {
  await api('DELETE', `${faultsPath(id)}/${encodeURIComponent(faultId)}`, {admin: true});
  await refreshFaults();
}

async function injectFault(event) {
  event.preventDefault();
  const f = event.target;
  const kind = f.kind.value;
  const fault = {kind, durationMs: Number(f.seconds.value) * 1000, probability: Number(f.probability.value)};
  if (kind !== 'clock') fault.target = f.target.value.trim() || undefined;
  if (['drop', 'delay', 'fail'].includes(kind)) fault.direction = f.direction.value;
  if (kind === 'delay') fault.delayMs = Number(f.amount.value);
  if (kind === 'clock') fault.offsetMs = Number(f.amount.value);
  const out = document.getElementById('faults-result');
  try {
    const added = await addFault(f.instance.value, fault);
    out.textContent = `Injected ${added.kind} on ${f.instance.value} (${added.id}), for ${f.seconds.value} s.`;
  } catch (e) {
    out.textContent = e.message;
  }
  await refreshFaults();
}

async function partition(event) {
  event.preventDefault();
  const f = event.target;
  const cut = f.instance.value;
  const durationMs = Number(f.seconds.value) * 1000;
  const others = [...f.instance.options].map(o => o.value).filter(id => id !== cut);
  const out = document.getElementById('faults-result');
  try {
    for (const other of others) {
      await addFault(cut, {kind: 'drop', direction: 'out', target: other, durationMs});
      await addFault(other, {kind: 'drop', direction: 'out', target: cut, durationMs});
    }
    out.textContent = `${cut} is cut off from ${others.join(', ')} for ${f.seconds.value} s.`;
  } catch (e) {
    out.textContent = e.message;
  }
  await refreshFaults();
}

async function clearAll() {
  const results = await Promise.all(knownInstances.map(id => api('DELETE', faultsPath(id), {admin: true}).catch(() => null)));
  const cleared = results.filter(r => r && r.ok).reduce((n, r) => n + (r.data.cleared || 0), 0);
  document.getElementById('faults-result').textContent = `Cleared ${cleared} fault(s).`;
  await refreshFaults();
}

async function refreshControl() {
  const r = await api('GET', '/api/gateway/control');
  if (r.ok) control = r.data;
}

function renderControl(topology) {
  if (!control.available) {
    replace('control', el('p', {class: 'muted'}, control.detail || ''));
    return;
  }
  const ids = topology.services.flatMap(s => s.instances.map(i => i.id));
  replace('control', el('table', {class: 'grid'}, el('caption', {}, 'Processes (./cluster on this machine)'),
    el('tbody', {}, ids.map(id => el('tr', {'data-instance': id}, el('th', {scope: 'row'}, id),
      el('td', {}, control.actions.map(action => el('button', {type: 'button', 'data-action': action,
        onclick: () => act(id, action)}, action))))))));
}

async function act(id, action) {
  const out = document.getElementById('faults-result');
  out.textContent = `${action} ${id}…`;
  try {
    const r = await api('POST', `/api/gateway/instances/${encodeURIComponent(id)}/${action}`, {admin: true});
    out.textContent = r.ok ? `${action} ${id}: ${r.data.output.split('\n').pop()}` : problemText(r);
  } catch (e) {
    out.textContent = e.message;
  }
}

// --- verify ----------------------------------------------------------------------------------------------------

let followedRun = null; // the run shown with its console, followed while it runs

async function startVerify(event) {
  event.preventDefault();
  const f = event.target;
  const result = await api('POST', '/api/gateway/verify',
    {body: {workload: f.workload.value, nemesis: f.nemesis.value, seconds: Number(f.seconds.value)}, admin: true})
    .catch(e => ({ok: false, status: 0, data: {detail: e.message}}));
  if (!result.ok) {
    replace('verify-runs', el('p', {}, problemText(result)));
    return;
  }
  followedRun = result.data.id;
  await refreshVerify();
}

async function refreshVerify() {
  if (!control.available) {
    replace('verify-runs', el('p', {class: 'muted'}, 'Runs start here where ./cluster started the gateway; elsewhere run ./cluster verify.'));
    return;
  }
  const list = await api('GET', '/api/gateway/verify');
  if (!list.ok) return;
  const runs = list.data;
  if (!followedRun && runs.length) followedRun = runs[0].id;
  const followed = followedRun ? await api('GET', `/api/gateway/verify/${encodeURIComponent(followedRun)}`) : null;
  const reportLink = run => run.report
    ? el('a', {href: `/api/gateway/verify/${encodeURIComponent(run.id)}/report/index.html`, target: '_blank', rel: 'noopener'}, 'report')
    : '';
  replace('verify-runs',
    el('table', {class: 'grid'}, el('caption', {}, 'Recent runs'),
      el('thead', {}, el('tr', {}, ['Run', 'Workload', 'Nemesis', 'State', ''].map(h => el('th', {scope: 'col'}, h)))),
      el('tbody', {}, runs.map(run => el('tr', {'data-run': run.id, 'data-state': run.state},
        el('td', {}, el('button', {type: 'button', class: 'link', onclick: () => { followedRun = run.id; refreshVerify(); }}, run.id)),
        el('td', {}, run.workload), el('td', {}, run.nemesis),
        el('td', {}, badge(run.state, run.state === 'valid' ? 'good' : run.state === 'running' ? 'warn' : 'bad')),
        el('td', {}, reportLink(run)))))),
    followed && followed.ok ? el('div', {class: 'console'},
      el('h3', {}, `Run ${followed.data.id}: ${followed.data.state}`),
      el('pre', {id: 'verify-console'}, followed.data.console.join('\n'))) : []);
}

// --- the loop --------------------------------------------------------------------------------------------------

async function poll() {
  const now = Date.now();
  try {
    const [topology, balancers] = await Promise.all([api('GET', '/api/gateway/topology'), api('GET', '/api/gateway/balancers'),
      refreshConsensus()]);
    if (!topology.ok || !balancers.ok) throw new Error(problemText(topology.ok ? balancers : topology));
    recordRequests(balancers.data, now);
    renderTopology(topology.data);
    renderConsensus();
    renderBalancing(balancers.data);
    updateInstanceChoices(topology.data);
    renderControl(topology.data);
    document.getElementById('status').textContent = `Live — updated ${new Date(now).toLocaleTimeString()}`;
  } catch (e) {
    document.getElementById('status').textContent = `The gateway does not answer (${e.message}); retrying.`;
  }
}

let tick = 0;

async function loop() {
  await poll();
  await refreshTransactions().catch(() => {});
  if (openTx) await showTransaction(openTx).catch(() => {});
  if (tick % 2 === 0) await refreshFaults().catch(() => {});
  if (tick % 2 === 1) await refreshVerify().catch(() => {});
  if (tick % 30 === 0) await refreshAccounts().catch(() => {});
  tick++;
  setTimeout(loop, POLL_MS);
}

document.getElementById('transfer-form').addEventListener('submit', transfer);
document.getElementById('config-form').addEventListener('submit', browseConfig);
document.getElementById('config-edit').addEventListener('submit', writeConfig);
document.getElementById('token-button').addEventListener('click', () => askToken());
document.getElementById('fault-form').addEventListener('submit', injectFault);
document.getElementById('partition-form').addEventListener('submit', partition);
document.getElementById('clear-faults').addEventListener('click', clearAll);
document.getElementById('verify-form').addEventListener('submit', startVerify);
window.addEventListener('resize', renderConsensus); // drawn at the chart's width: redrawn when it changes
refreshControl();
browseConfig();
loop();
