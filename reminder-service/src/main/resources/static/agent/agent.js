// The phone agents' page: plain fetch to the /agent/** JSON API with HTTP Basic credentials that
// the sign-in form keeps in sessionStorage (gone when the tab closes). Every value from the API is
// put on the page as text, never as HTML. Times are shown in the shop's time zone, which the API
// names on every answer the page reads (timeZone), never in the browser's.
(() => {
  'use strict';
  const KEY = 'cuifu.agent.basic';
  const TASK = 'cuifu.agent.task';
  const $ = (id) => document.getElementById(id);

  function show(section) {
    for (const id of ['login-section', 'queue-section', 'task-section']) {
      $(id).hidden = id !== section;
    }
    $('zone-note').hidden = section === 'login-section' || !zone;
  }

  function message(text, kind) {
    const box = $('message');
    box.textContent = text;
    box.className = 'alert alert-' + (kind || 'info');
    box.hidden = !text;
  }

  // --- time in the shop's zone --------------------------------------------------------------

  let zone = null;
  let zoneParts = null;

  /** Uses the shop's zone from an API answer; said once on the page. */
  function setZone(timeZone) {
    if (!timeZone || timeZone === zone) {
      return;
    }
    zone = timeZone;
    zoneParts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', numberingSystem: 'latn',
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    $('zone-note').textContent = '所有时间均为店铺时区 All times are in the shop\'s time zone: ' + zone;
    $('call-back-zone').textContent = '按店铺时区 In the shop\'s time zone (' + zone + ')';
  }

  function wallClock(date) {
    const parts = {};
    for (const part of zoneParts.formatToParts(date)) {
      parts[part.type] = part.value;
    }
    return parts;
  }

  /** An instant as yyyy-MM-dd HH:mm in the shop's zone (the zone itself is named once on the page). */
  function time(instant) {
    if (!instant) {
      return '';
    }
    const p = wallClock(new Date(instant));
    return p.year + '-' + p.month + '-' + p.day + ' ' + p.hour + ':' + p.minute;
  }

  /** How far the shop's clock is ahead of UTC at that moment, in milliseconds. */
  function offsetAt(ms) {
    const p = wallClock(new Date(ms));
    return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - Math.floor(ms / 1000) * 1000;
  }

  /** A datetime-local value (yyyy-MM-ddTHH:mm) read as the shop's wall clock, as an ISO instant. */
  function fromShopWallClock(value) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
    if (!m) {
      return null;
    }
    const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
    // the offset at the wall time is a first guess; the offset at the instant it gives is the answer
    const instant = wall - offsetAt(wall - offsetAt(wall));
    return new Date(instant).toISOString();
  }

  // --- the API --------------------------------------------------------------------------------

  const REFUSALS = {
    400: '请检查填写的内容 Please check what you entered.',
    403: '您没有权限这样做 You are not allowed to do that.',
    404: '找不到这个任务，它可能已被关闭 This task is not there any more; it may have been closed.',
    409: '现在不能这样做 That cannot be done right now.',
    429: '尝试次数过多，请稍候再试 Too many attempts: wait a moment and try again.',
  };

  const FIELDS = { outcome: 'outcome', lossReason: 'loss-reason', note: 'note', callBackAt: 'call-back-at' };

  /** A refusal as a sentence: what it means in both languages, then the server's detail and bad fields. */
  function refusal(status, problem) {
    const sentence = REFUSALS[status]
      || (status >= 500 ? '服务器出错，请稍后再试 Something went wrong on the server: try again in a moment.'
        : '请求失败 The request failed (HTTP ' + status + ').');
    const detail = problem && typeof problem.detail === 'string'
      // instants in a detail (e.g. "claimed by li.na until …Z") read in the shop's zone too
      ? ' ' + problem.detail.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z/g, (instant) => zone ? time(instant) : instant)
      : '';
    const fields = (problem && Array.isArray(problem.errors) ? problem.errors : [])
      .map((e) => {
        const label = FIELDS[e.field] && document.querySelector('label[for="' + FIELDS[e.field] + '"]');
        return (label ? label.textContent : e.field) + ': ' + e.message;
      })
      .join('; ');
    return sentence + detail + (fields ? ' ' + fields : '');
  }

  async function api(method, path, body) {
    const headers = { 'Authorization': 'Basic ' + sessionStorage.getItem(KEY), 'X-Requested-With': 'XMLHttpRequest' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new Error('无法连接服务器，请检查网络后重试 Cannot reach the server: check the connection and try again.');
    }
    if (response.status === 401) {
      signOut();
      throw new Error('用户名或密码不对，或登录已过期，请重新登录 Wrong username or password, or the session ended: please sign in again.');
    }
    // a proxy's HTML error page or an empty body is not JSON: it is never shown as it came
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (e) {
      json = null;
    }
    if (!response.ok) {
      throw new Error(refusal(response.status, json));
    }
    return json;
  }

  // --- the page ---------------------------------------------------------------------------------

  const money = (minor, currency) => minor == null ? '' : (minor / 100).toFixed(2) + ' ' + (currency || '');
  const STATUS = { UNPAID: '未付款 UNPAID', PAID: '已付款 PAID', CLOSED: '已关闭 CLOSED' };
  const status = (code) => STATUS[code] || code || '';
  const NONE = '—';

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text == null || text === '' ? NONE : String(text);
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
    return td;
  }

  async function loadQueue(focus) {
    const list = await api('GET', '/agent/tasks?limit=100');
    setZone(list.timeZone);
    show('queue-section');
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
      cell(row, time(task.createdAt), 'task-created');
      cell(row, task.lastOutcome ? task.lastOutcome + (task.callBackAt ? ' @ ' + time(task.callBackAt) : '') : '', 'task-last');
      const button = document.createElement('button');
      button.type = 'button';
      button.id = 'claim-' + task.taskId;
      button.className = 'btn btn-primary btn-sm';
      button.textContent = '认领 Claim';
      button.setAttribute('aria-label', '认领订单 Claim order ' + task.orderId);
      button.addEventListener('click', () => claim(task.taskId).catch((e) => {
        // e.g. a colleague took it meanwhile: say why, and show the queue as it is now
        message(e.message, 'danger');
        loadQueue(true).catch(() => {});
      }));
      row.appendChild(document.createElement('td')).appendChild(button);
      body.appendChild(row);
    }
    // an empty queue is a sentence, not a bare table header
    $('queue-table').hidden = list.items.length === 0;
    $('queue-empty').hidden = list.items.length > 0;
    if (focus) {
      $('queue-heading').focus();
    }
  }

  async function claim(taskId) {
    const task = await api('POST', '/agent/tasks/' + taskId + '/claim');
    sessionStorage.setItem(TASK, String(taskId));
    message('');
    showTask(task);
    // keyboard and screen-reader users land on the call they just took
    $('task-heading').focus();
  }

  /** What to say when the buyer has no other orders to list. */
  function noOrdersSentence(task) {
    if (!task.buyerId) {
      return '订单没有买家编号，无法查看历史 The order names no buyer, so there is no history to show.';
    }
    if (task.earlierPaidOrders > 0) {
      return '本店没有此买家的其他订单记录（已付款数来自店铺导入的记录）'
        + ' No other orders from this buyer on record here; the paid-order count comes from the shop\'s imported records.';
    }
    return '首次下单，无历史记录 First order: no earlier orders from this buyer.';
  }

  function showTask(task) {
    setZone(task.timeZone);
    show('task-section');
    $('task-order').textContent = task.orderId;
    $('task-phone').textContent = task.phone || '订单没有电话号码 The order has no phone number';
    if (task.phone) {
      $('task-phone').href = 'tel:' + task.phone;
    } else {
      $('task-phone').removeAttribute('href');
    }
    $('task-amount').textContent = money(task.amountMinor, task.currency) || NONE;
    $('task-item').textContent = task.itemSummary || NONE;
    $('task-note').textContent = task.buyerNote || '买家没有留言 No note from the buyer';
    $('task-ordered').textContent = time(task.orderedAt) || NONE;
    $('task-deadline').textContent = time(task.paymentDeadline) || '订单没有写明 The order names none';
    $('task-status').textContent = status(task.orderStatus);
    $('task-created').textContent = time(task.createdAt);
    $('task-claim-until').textContent = time(task.claimUntil);
    $('task-last').textContent = task.lastOutcome
      ? task.lastOutcome + (task.lastNote ? ' — ' + task.lastNote : '')
      : '第一次拨打 This is the first call';
    $('task-history').textContent = '此前已付款订单 Paid orders before: ' + task.earlierPaidOrders
      + (task.buyerLastPaidAt ? ' · 最近付款 last paid ' + time(task.buyerLastPaidAt) : '');
    const orders = task.buyerOrders || [];
    const body = $('buyer-orders');
    body.replaceChildren();
    for (const order of orders) {
      const row = document.createElement('tr');
      cell(row, order.orderId);
      cell(row, status(order.status));
      cell(row, money(order.amountMinor, order.currency));
      cell(row, time(order.orderedAt), 'order-placed');
      cell(row, time(order.paidAt), 'order-paid');
      body.appendChild(row);
    }
    $('buyer-orders-table').hidden = orders.length === 0;
    $('buyer-orders-empty').textContent = orders.length === 0 ? noOrdersSentence(task) : '';
    $('buyer-orders-empty').hidden = orders.length > 0;
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
      callBackAt: outcome === 'CALL_BACK' && callBack ? fromShopWallClock(callBack) : null,
    };
    const done = await api('POST', '/agent/tasks/' + taskId + '/complete', body);
    sessionStorage.removeItem(TASK);
    await loadQueue(true);
    message('已记录 Recorded: ' + done.outcome + (done.lossReason ? ' · ' + done.lossReason : '')
      + (done.callBackAt ? ' · 回电 call back ' + time(done.callBackAt) : ''), 'success');
  }

  async function signIn(event) {
    event.preventDefault();
    const credentials = $('username').value + ':' + $('password').value;
    sessionStorage.setItem(KEY, btoa(String.fromCharCode(...new TextEncoder().encode(credentials))));
    await start(true);
  }

  function signOut() {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(TASK);
    $('whoami').hidden = true;
    $('logout').hidden = true;
    show('login-section');
  }

  async function start(focus) {
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
      await loadQueue(focus);
    } catch (e) {
      message(e.message, 'danger');
    }
  }

  $('login-form').addEventListener('submit', (e) => signIn(e).catch((err) => message(err.message, 'danger')));
  $('outcome-form').addEventListener('submit', (e) => complete(e).catch((err) => message(err.message, 'danger')));
  $('outcome').addEventListener('change', () => { $('call-back-group').hidden = $('outcome').value !== 'CALL_BACK'; });
  $('refresh').addEventListener('click', () => loadQueue(false).catch((e) => message(e.message, 'danger')));
  $('back').addEventListener('click', () => loadQueue(true).catch((e) => message(e.message, 'danger')));
  $('logout').addEventListener('click', signOut);

  if (sessionStorage.getItem(KEY)) {
    start(false);
  } else {
    show('login-section');
  }
})();
