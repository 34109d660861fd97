// The phone agents' page: plain fetch to the /agent/** JSON API with HTTP Basic credentials that
// the sign-in form keeps in sessionStorage (gone when the tab closes). Every value from the API is
// put on the page as text, never as HTML.
(() => {
  'use strict';
  const KEY = 'cuifu.agent.basic';
  const TASK = 'cuifu.agent.task';
  const $ = (id) => document.getElementById(id);

  function show(section) {
    for (const id of ['login-section', 'queue-section', 'task-section']) {
      $(id).hidden = id !== section;
    }
  }

  function message(text, kind) {
    const box = $('message');
    box.textContent = text;
    box.className = 'alert alert-' + (kind || 'info');
    box.hidden = !text;
  }

  async function api(method, path, body) {
    const headers = { 'Authorization': 'Basic ' + sessionStorage.getItem(KEY), 'X-Requested-With': 'XMLHttpRequest' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status === 401) {
      signOut();
      throw new Error('请重新登录 Please sign in again.');
    }
    const json = response.status === 204 ? null : await response.json();
    if (!response.ok) {
      const fields = (json && json.errors || []).map((e) => e.field + ': ' + e.message).join('; ');
      throw new Error((json && (json.detail || json.title)) + (fields ? ' ' + fields : ''));
    }
    return json;
  }

  const money = (minor, currency) => minor == null ? '' : (minor / 100).toFixed(2) + ' ' + (currency || '');
  const time = (instant) => instant ? new Date(instant).toLocaleString() : '';

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
    return td;
  }

  async function loadQueue() {
    show('queue-section');
    const list = await api('GET', '/agent/tasks?limit=100');
    const body = $('queue');
    body.replaceChildren();
    for (const task of list.items) {
      const row = document.createElement('tr');
      row.id = 'task-' + task.taskId;
      cell(row, task.priority);
      cell(row, task.orderId);
      cell(row, money(task.amountMinor, task.currency));
      cell(row, task.itemSummary);
      cell(row, task.buyerNote);
      cell(row, task.earlierPaidOrders);
      cell(row, task.maskedPhone, 'masked-phone');
      cell(row, task.lastOutcome ? task.lastOutcome + (task.callBackAt ? ' @ ' + time(task.callBackAt) : '') : '');
      const button = document.createElement('button');
      button.type = 'button';
      button.id = 'claim-' + task.taskId;
      button.className = 'btn btn-primary btn-sm';
      button.textContent = '认领 Claim';
      button.addEventListener('click', () => claim(task.taskId).catch((e) => message(e.message, 'danger')));
      row.appendChild(document.createElement('td')).appendChild(button);
      body.appendChild(row);
    }
    $('queue-empty').hidden = list.items.length > 0;
  }

  async function claim(taskId) {
    const task = await api('POST', '/agent/tasks/' + taskId + '/claim');
    sessionStorage.setItem(TASK, String(taskId));
    message('');
    showTask(task);
  }

  function showTask(task) {
    show('task-section');
    $('task-order').textContent = task.orderId;
    $('task-phone').textContent = task.phone || '';
    $('task-phone').href = task.phone ? 'tel:' + task.phone : '#';
    $('task-amount').textContent = money(task.amountMinor, task.currency);
    $('task-item').textContent = task.itemSummary || '';
    $('task-note').textContent = task.buyerNote || '';
    $('task-ordered').textContent = time(task.orderedAt);
    $('task-deadline').textContent = time(task.paymentDeadline);
    $('task-status').textContent = task.orderStatus;
    $('task-claim-until').textContent = time(task.claimUntil);
    $('task-last').textContent = task.lastOutcome ? task.lastOutcome + (task.lastNote ? ' — ' + task.lastNote : '') : '';
    $('task-history').textContent = '此前已付款订单 Paid orders before: ' + task.earlierPaidOrders
      + (task.buyerLastPaidAt ? ' · 最近付款 last paid ' + time(task.buyerLastPaidAt) : '');
    const body = $('buyer-orders');
    body.replaceChildren();
    for (const order of task.buyerOrders || []) {
      const row = document.createElement('tr');
      cell(row, order.orderId);
      cell(row, order.status);
      cell(row, money(order.amountMinor, order.currency));
      cell(row, time(order.orderedAt));
      body.appendChild(row);
    }
    $('outcome-form').dataset.taskId = String(task.taskId);
    $('outcome-form').reset();
    $('call-back-group').hidden = true;
  }

  async function complete(event) {
    event.preventDefault();
    const taskId = $('outcome-form').dataset.taskId;
    const outcome = $('outcome').value;
    const callBack = $('call-back-at').value;
    const body = {
      outcome,
      lossReason: $('loss-reason').value || null,
      note: $('note').value || null,
      callBackAt: outcome === 'CALL_BACK' && callBack ? new Date(callBack).toISOString() : null,
    };
    const done = await api('POST', '/agent/tasks/' + taskId + '/complete', body);
    sessionStorage.removeItem(TASK);
    await loadQueue();
    message('已记录 Recorded: ' + done.outcome + (done.lossReason ? ' · ' + done.lossReason : ''), 'success');
  }

  async function signIn(event) {
    event.preventDefault();
    const credentials = $('username').value + ':' + $('password').value;
    sessionStorage.setItem(KEY, btoa(String.fromCharCode(...new TextEncoder().encode(credentials))));
    await start();
  }

  function signOut() {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(TASK);
    $('whoami').hidden = true;
    $('logout').hidden = true;
    show('login-section');
  }

  async function start() {
    try {
      const me = await api('GET', '/agent/me');
      $('whoami').textContent = me.displayName + ' (' + me.username + ' · ' + me.role + ' · ' + me.shopId + ')';
      $('whoami').hidden = false;
      $('logout').hidden = false;
      message('');
      const held = sessionStorage.getItem(TASK);
      if (held) {
        try {
          showTask(await api('GET', '/agent/tasks/' + held));
          return;
        } catch (e) {
          sessionStorage.removeItem(TASK);
        }
      }
      await loadQueue();
    } catch (e) {
      message(e.message, 'danger');
    }
  }

  $('login-form').addEventListener('submit', (e) => signIn(e).catch((err) => message(err.message, 'danger')));
  $('outcome-form').addEventListener('submit', (e) => complete(e).catch((err) => message(err.message, 'danger')));
  $('outcome').addEventListener('change', () => { $('call-back-group').hidden = $('outcome').value !== 'CALL_BACK'; });
  $('refresh').addEventListener('click', () => loadQueue().catch((e) => message(e.message, 'danger')));
  $('back').addEventListener('click', () => loadQueue().catch((e) => message(e.message, 'danger')));
  $('logout').addEventListener('click', signOut);

  if (sessionStorage.getItem(KEY)) {
    start();
  } else {
    show('login-section');
  }
})();
