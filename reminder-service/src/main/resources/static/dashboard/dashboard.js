// The shop dashboard: one fetch of /dashboard/api/overview with the HTTP Basic credentials the
// sign-in form keeps in sessionStorage (gone when the tab closes), like the agents' page. Charts are
// small SVG drawings made here (no charting library to ship); every value goes in as text, never HTML.
(() => {
  'use strict';
  const KEY = 'cuifu.dashboard.basic';
  const SVG = 'http://www.w3.org/2000/svg';
  const $ = (id) => document.getElementById(id);
  const REASONS = {
    IMPULSE_COOLED: '冲动消费冷却 Impulse cooled off', INSUFFICIENT_BALANCE: '余额不足 Insufficient balance',
    CHEAPER_ELSEWHERE: '别家更便宜 Cheaper elsewhere', DISTRUST: '不信任店铺 Distrust', POOR_SERVICE: '服务态度差 Poor service',
    PRICE_NOT_AGREED: '价格没谈拢 Price not agreed', OUT_OF_STOCK: '缺货 Out of stock', SLOW_SERVICE: '服务慢 Slow service',
    PAYMENT_PROBLEM: '支付问题 Payment problem', FORGOT: '忘记付款 Forgot', CLOSED_BY_MISTAKE: '误关闭 Closed by mistake',
    TEST_ORDER: '测试订单 Test order', OTHER: '其他 Other'
  };

  function message(text, kind) {
    const box = $('message');
    box.textContent = text;
    box.className = 'alert alert-' + (kind || 'info');
    box.hidden = !text;
  }

  const pct = (x) => x == null ? '—' : (100 * x).toFixed(1) + '%';
  const money = (minor, currency) => (minor / 100).toFixed(2) + ' ' + currency;

  function el(tag, attrs, text, parent) {
    const node = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      node.setAttribute(k, String(v));
    }
    if (text != null) {
      node.textContent = String(text);
    }
    if (parent) {
      parent.appendChild(node);
    }
    return node;
  }

  function row(body, cells, id) {
    const tr = el('tr', id ? { id } : {}, null, body);
    cells.forEach((c) => el('td', {}, c, tr));
  }

  async function load() {
    const params = new URLSearchParams();
    if ($('from').value) params.set('from', $('from').value);
    if ($('to').value) params.set('to', $('to').value);
    const response = await fetch('/dashboard/api/overview?' + params, {
      headers: { 'Authorization': 'Basic ' + sessionStorage.getItem(KEY), 'X-Requested-With': 'XMLHttpRequest' }
    });
    const json = await response.json().catch(() => null);
    if (response.status === 401) {
      signOut();
      throw new Error('用户名或密码错误 Wrong username or password.');
    }
    if (response.status === 403) {
      signOut();
      throw new Error('只有店铺管理员可以查看看板 Only a shop admin (SHOP_ADMIN) may see the dashboard.');
    }
    if (!response.ok) {
      const fields = (json && json.errors || []).map((e) => e.field + ': ' + e.message).join('; ');
      throw new Error((json && (json.detail || json.title)) + (fields ? ' ' + fields : ''));
    }
    render(json);
  }

  function render(data) {
    $('login-section').hidden = true;
    $('dashboard-section').hidden = false;
    $('logout').hidden = false;
    const who = $('whoami');
    who.hidden = false;
    who.textContent = data.displayName + ' (' + data.username + ') · ' + data.shopId;
    const m = data.metrics;
    $('from').value = m.from;
    $('to').value = m.to;
    $('zone').textContent = '时区 Time zone: ' + m.timeZone + ' · 按下单日统计 counted by the day orders were placed';
    totals(m.days);
    experiments(data.experiments);
    lossChart(m.days);
    const withOrders = m.days.filter((d) => d.placed > 0);
    amountChart(withOrders.length ? withOrders[withOrders.length - 1] : m.days[m.days.length - 1]);
    reasonsChart(m.days);
    tables(m.days);
    message('');
  }

  function sum(days, f) {
    return days.reduce((a, d) => a + f(d), 0);
  }

  function totals(days) {
    const placed = sum(days, (d) => d.placed);
    const closed = sum(days, (d) => d.closedUnpaid);
    $('total-placed').textContent = placed;
    $('total-paid').textContent = sum(days, (d) => d.paid);
    $('total-closed').textContent = closed;
    $('total-loss-ratio').textContent = pct(placed ? closed / placed : null);
    $('total-reminded').textContent = sum(days, (d) => d.reminded);
    $('total-recovered').textContent = sum(days, (d) => d.recovered);
    const recovered = {};
    days.forEach((d) => d.amounts.forEach((a) => { recovered[a.currency] = (recovered[a.currency] || 0) + a.recovered; }));
    $('total-recovered-amount').textContent = Object.entries(recovered).map(([c, minor]) => money(minor, c)).join(' · ');
  }

  // One block per experiment: a bar per arm (its recovery rate), a whisker for its 95% interval,
  // and the holdout's rate as a dashed line; the winner (if declared) in green and named.
  function experiments(list) {
    const box = $('experiments');
    if (!list.length) {
      return;
    }
    box.replaceChildren();
    for (const e of list) {
      const div = el('div', { id: 'experiment-' + e.experimentId, class: 'mb-3' }, null, box);
      el('div', { class: 'fw-semibold' }, e.name + ' · 第' + e.tier + '层 tier ' + e.tier + (e.running ? '' : ' · 已停止 stopped'), div);
      el('div', { id: 'winner-' + e.experimentId, class: e.winner ? 'text-success' : 'text-body-secondary small' },
        e.winner ? '胜出 Winner: ' + e.winner : '尚无胜出 No winner yet (needs ≥95% probability of being best and every arm at its minimum sample)', div);
      const rows = e.arms.map((a) => ({ label: a.id, rate: a.rate, lo: a.rateInterval.lower, hi: a.rateInterval.upper,
        text: a.id + '  ' + pct(a.rate) + ' [' + pct(a.rateInterval.lower) + '–' + pct(a.rateInterval.upper) + '] ' + a.recovered + '/' + a.sent
          + ' · P(best) ' + pct(a.probabilityBest), winner: a.id === e.winner }));
      if (e.holdout.orders > 0) rows.push({ label: 'holdout', rate: e.holdout.rate, lo: e.holdout.rateInterval.lower, hi: e.holdout.rateInterval.upper,
        text: '对照 holdout  ' + pct(e.holdout.rate) + ' [' + pct(e.holdout.rateInterval.lower) + '–' + pct(e.holdout.rateInterval.upper) + '] '
          + e.holdout.recovered + '/' + e.holdout.orders, holdout: true });
      if (e.holdout.orders === 0) {
        el('div', { class: 'small text-body-secondary' }, '对照组为空 No holdout orders yet: lift cannot be measured', div);
      }
      const height = 28 * rows.length + 10;
      const svg = el('svg:svg', { class: 'chart', viewBox: '0 0 560 ' + height, role: 'img' }, null, div);
      const max = Math.max(0.05, ...rows.map((r) => r.hi));
      const x = (v) => 10 + 180 * v / max;
      rows.forEach((r, i) => {
        const y = 8 + 28 * i;
        const g = el('svg:g', { 'data-arm': r.label }, null, svg);
        el('svg:rect', { x: 10, y, width: Math.max(1, x(r.rate) - 10), height: 16,
          class: 'bar' + (r.winner ? ' winner' : ''), opacity: r.holdout ? 0.4 : 1 }, null, g);
        el('svg:line', { x1: x(r.lo), x2: x(r.hi), y1: y + 8, y2: y + 8, class: 'whisker' }, null, g);
        el('svg:line', { x1: x(r.lo), x2: x(r.lo), y1: y + 3, y2: y + 13, class: 'whisker' }, null, g);
        el('svg:line', { x1: x(r.hi), x2: x(r.hi), y1: y + 3, y2: y + 13, class: 'whisker' }, null, g);
        el('svg:text', { x: 200, y: y + 12 }, r.text, g);
      });
    }
  }

  // The daily loss ratio as a line over the range's days (days without orders leave a gap).
  function lossChart(days) {
    const svg = $('loss-chart');
    svg.replaceChildren();
    const left = 40, right = 520, top = 25, bottom = 190;
    const max = Math.max(0.1, ...days.map((d) => d.lossRatio || 0));
    const x = (i) => days.length === 1 ? (left + right) / 2 : left + (right - left) * i / (days.length - 1);
    const y = (v) => bottom - (bottom - top) * v / max;
    el('svg:line', { x1: left, x2: right, y1: bottom, y2: bottom, class: 'axis' }, null, svg);
    el('svg:line', { x1: left, x2: left, y1: top, y2: bottom, class: 'axis' }, null, svg);
    el('svg:text', { x: 2, y: top + 4 }, pct(max), svg);
    el('svg:text', { x: 2, y: bottom }, '0%', svg);
    let path = '';
    days.forEach((d, i) => {
      if (d.lossRatio == null) {
        path += ' ';
        return;
      }
      path += (path.trim() === '' || path.endsWith(' ') ? 'M' : 'L') + x(i).toFixed(1) + ',' + y(d.lossRatio).toFixed(1);
    });
    el('svg:path', { d: path.replace(/ +/g, ' ').trim(), class: 'line' }, null, svg);
    days.forEach((d, i) => {
      if (i === 0 || i === days.length - 1 || days.length <= 10) {
        el('svg:text', { x: x(i) - 18, y: bottom + 18 }, d.date.slice(5), svg);
      }
      if (d.lossRatio != null) {
        const point = el('svg:circle', { cx: x(i), cy: y(d.lossRatio), r: 4, class: 'point', 'data-day': d.date }, null, svg);
        el('svg:title', {}, d.date + ': ' + pct(d.lossRatio) + ' (' + d.closedUnpaid + '/' + d.placed + ')', point);
        el('svg:text', { x: x(i) - 14, y: y(d.lossRatio) - 8, class: 'value', 'data-day': d.date }, pct(d.lossRatio), svg);
      }
    });
  }

  // The day's order amount as one stacked bar: unpaid + paid + closed (first currency; all in the table).
  function amountChart(day) {
    $('amount-day').textContent = day.date;
    const svg = $('amount-chart');
    svg.replaceChildren();
    const body = $('amounts');
    body.replaceChildren();
    day.amounts.forEach((a) => row(body, [a.currency, money(a.unpaid, a.currency), money(a.paid, a.currency),
      money(a.closed, a.currency), money(a.recovered, a.currency)], 'amount-' + a.currency));
    const a = day.amounts[0];
    if (!a || !a.placed) {
      el('svg:text', { x: 10, y: 30 }, '当日无订单 No orders that day', svg);
      return;
    }
    let at = 10;
    for (const [part, label] of [['unpaid', '未付 unpaid'], ['paid', '已付 paid'], ['closed', '关闭 closed']]) {
      const w = 540 * a[part] / a.placed;
      if (w > 0) {
        const rect = el('svg:rect', { x: at, y: 5, width: w, height: 30, class: part }, null, svg);
        el('svg:title', {}, label + ' ' + money(a[part], a.currency), rect);
        el('svg:text', { x: at + 2, y: 55 }, label + ' ' + (a[part] / 100).toFixed(2), svg);
      }
      at += w;
    }
  }

  // Loss reasons over the range, most frequent first.
  function reasonsChart(days) {
    const counts = {};
    days.forEach((d) => Object.entries(d.lossReasons).forEach(([r, n]) => { counts[r] = (counts[r] || 0) + n; }));
    const entries = Object.entries(counts).sort((p, q) => q[1] - p[1]);
    const svg = $('reasons-chart');
    svg.replaceChildren();
    $('reasons-empty').hidden = entries.length > 0;
    svg.setAttribute('viewBox', '0 0 560 ' + Math.max(40, 24 * entries.length + 8));
    const max = Math.max(1, ...entries.map((e) => e[1]));
    entries.forEach(([reason, n], i) => {
      const g = el('svg:g', { 'data-reason': reason }, null, svg);
      el('svg:rect', { x: 10, y: 6 + 24 * i, width: 200 * n / max, height: 16, class: 'reason' }, null, g);
      el('svg:text', { x: 220, y: 19 + 24 * i }, (REASONS[reason] || reason) + ': ' + n, g);
    });
  }

  function tables(days) {
    const channels = {};
    days.forEach((d) => d.channels.forEach((c) => {
      const t = channels[c.channel] || (channels[c.channel] = { reminded: 0, recovered: 0, amounts: {} });
      t.reminded += c.reminded;
      t.recovered += c.recovered;
      c.recoveredAmount.forEach((a) => { t.amounts[a.currency] = (t.amounts[a.currency] || 0) + a.minor; });
    }));
    const cb = $('channels');
    cb.replaceChildren();
    Object.entries(channels).forEach(([channel, t]) => row(cb, [channel, t.reminded, t.recovered,
      Object.entries(t.amounts).map(([c, minor]) => money(minor, c)).join(' · ')], 'channel-' + channel));
    const sb = $('service');
    sb.replaceChildren();
    for (const [key, label] of [['talked', '咨询过 Talked to service'], ['selfService', '自助下单 Self-service']]) {
      const placed = sum(days, (d) => d.customerService[key].placed);
      const closed = sum(days, (d) => d.customerService[key].closedUnpaid);
      row(sb, [label, placed, closed, pct(placed ? closed / placed : null)], 'service-' + key);
    }
    const db = $('days');
    db.replaceChildren();
    days.slice().reverse().forEach((d) => row(db, [d.date, d.placed, d.paid, d.closedUnpaid, d.unpaid, pct(d.lossRatio), d.reminded, d.recovered], 'day-' + d.date));
  }

  function signOut() {
    sessionStorage.removeItem(KEY);
    $('login-section').hidden = false;
    $('dashboard-section').hidden = true;
    $('logout').hidden = true;
    $('whoami').hidden = true;
  }

  $('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY, btoa(String.fromCharCode(...new TextEncoder().encode($('username').value + ':' + $('password').value))));
    load().catch((e) => message(e.message, 'danger'));
  });
  $('range-form').addEventListener('submit', (event) => {
    event.preventDefault();
    load().catch((e) => message(e.message, 'danger'));
  });
  $('logout').addEventListener('click', () => { signOut(); message(''); });
  if (sessionStorage.getItem(KEY)) {
    load().catch((e) => message(e.message, 'danger'));
  }
})();
