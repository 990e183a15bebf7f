import { chromium } from '@playwright/test';
const BASE='http://127.0.0.1:8921';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const ctx = await browser.newContext({ baseURL: BASE });
const page = await ctx.newPage();
page.on('console', m => { if (m.type()==='error') console.log('console error:', m.text()); });
await page.goto('/wp-login.php');
await page.fill('#user_login','admin'); await page.fill('#user_pass','password'); await page.click('#wp-submit');
await page.waitForURL(/wp-admin/);
for (const url of process.argv.slice(2)) {
  await page.goto(url, { waitUntil: 'commit' });
  const sel = url.includes('edit.php') ? '#the-list tr' : '.dataviews-view-table tbody tr';
  await page.waitForFunction((s) => document.querySelectorAll(s).length >= 20, sel, { polling: 'raf', timeout: 60000 });
  const t = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource').filter(r => /cart-sessions|wp-json/.test(r.name)).map(r => `${r.name.replace(location.origin,'').slice(0,90)} start ${r.startTime.toFixed(0)} end ${r.responseEnd.toFixed(0)}`);
    return { visible: performance.now().toFixed(0), ttfb: nav.responseStart.toFixed(0), docEnd: nav.responseEnd.toFixed(0), dcl: nav.domContentLoadedEventEnd.toFixed(0), res };
  });
  console.log(url, JSON.stringify(t, null, 1));
}
await browser.close();
