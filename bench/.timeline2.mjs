import { chromium } from '@playwright/test';
const BASE='http://127.0.0.1:8921';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const ctx = await browser.newContext({ baseURL: BASE });
await ctx.addInitScript(() => {
  window.__marks = {}; window.__long = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true });
  const loop = () => {
    const m = window.__marks, now = Math.round(performance.now());
    const root = document.getElementById('cart-sessions-root');
    if (!m.root && root && root.children.length) m.root = now;
    if (!m.tabs && document.querySelector('.components-tab-panel__tabs')) m.tabs = now;
    if (!m.spinner && document.querySelector('.components-spinner')) m.spinner = now;
    if (!m.dataviews && document.querySelector('.dataviews-wrapper')) m.dataviews = now;
    if (!m.table && document.querySelector('.dataviews-view-table')) m.table = now;
    if (!m.rows && document.querySelectorAll('.dataviews-view-table tbody tr').length >= 20) m.rows = now;
    if (!m.rows) requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  document.addEventListener('DOMContentLoaded', () => { window.__marks.dcl = Math.round(performance.now()); });
});
const page = await ctx.newPage();
await page.goto('/wp-login.php');
await page.fill('#user_login','admin'); await page.fill('#user_pass','password'); await page.click('#wp-submit');
await page.waitForURL(/wp-admin/);
for (let i = 0; i < 3; i++) {
  await page.goto('/wp-admin/tools.php?page=cart-sessions&tab=sessions', { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__marks && window.__marks.rows, null, { timeout: 60000 });
  console.log(JSON.stringify(await page.evaluate(() => ({ marks: window.__marks, long: window.__long }))));
}
await browser.close();
