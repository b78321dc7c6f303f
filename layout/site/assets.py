"""The site's one style sheet and two small scripts, written at the site's root.

Reading needs no script: the pictures, hotspots, navigation and article pages are
plain HTML. `site.js` adds the zoom buttons over a page picture (the picture pans by
scrolling, with a finger on a phone) and `?show=hotspots`; `search.js` is the search.
"""

from __future__ import annotations

CSS = """\
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#eceae4;color:#1b1b1b;
 font-family:"Noto Serif CJK SC","Source Han Serif SC","Songti SC",serif;line-height:1.75}
a{color:#a4161a}
header.top{background:#fff;border-bottom:3px solid #c8161d}
header.top .bar,main,footer{max-width:1200px;margin:0 auto;padding:0 12px}
header.top .bar{display:flex;flex-wrap:wrap;align-items:baseline;gap:.2em 1.2em;padding:.4em 12px}
header.top .brand{margin:0;font-size:1.5rem;color:#c8161d;letter-spacing:.1em}
header.top .brand a{color:inherit;text-decoration:none}
header.top p{margin:0}
form.search{display:flex;gap:.3em;margin:0}
form.search input{font:inherit;padding:.1em .4em;min-width:0;width:12em;max-width:60vw}
form.search button{font:inherit}
.downloads{display:flex;flex-wrap:wrap;gap:.2em 1em}
main.edition{display:flex;flex-wrap:wrap;gap:16px;padding-top:12px;padding-bottom:2em}
.sheet-area{flex:1 1 560px;min-width:0}
.sheet-area h1{font-size:1.2rem;margin:.2em 0}
aside{flex:0 1 300px;min-width:0}
aside h2,.archive h2{font-size:1.05rem;margin:.6em 0 .3em;border-left:4px solid #c8161d;padding-left:.4em}
.zoom{display:flex;gap:.4em;justify-content:flex-end;margin:.2em 0}
.zoom button{font:inherit;min-width:2.4em}
.viewer{overflow:auto;width:100%;-webkit-overflow-scrolling:touch;touch-action:pan-x pan-y pinch-zoom;
 background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.25)}
.sheet{position:relative;width:calc(100% * var(--zoom, 1))}
.sheet img{display:block;width:100%;height:auto}
svg.spots{position:absolute;left:0;top:0;width:100%;height:100%;overflow:visible}
svg.spots path{fill:rgba(200,22,29,0);stroke:none;cursor:pointer;fill-rule:evenodd}
svg.spots a{outline:none}
svg.spots a:hover path,svg.spots a:focus path,body.show-hotspots svg.spots path{fill:rgba(200,22,29,.10);
 stroke:rgba(200,22,29,.85);stroke-width:3px;vector-effect:non-scaling-stroke}
svg.spots a:focus-visible path{stroke-width:4px;stroke-dasharray:8 4}
.pager,.issues{display:flex;justify-content:space-between;gap:1em;margin:.5em 0}
nav.pages ol{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(84px,1fr));gap:8px}
nav.pages a{display:block;text-decoration:none;font-size:.85rem;text-align:center;color:#333}
nav.pages img{display:block;width:100%;height:auto;border:1px solid #bbb;background:#fff}
nav.pages a[aria-current] img{border:2px solid #c8161d}
.toc ol{padding-left:1.4em;margin:.2em 0}
.archive{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:16px}
table.month{border-collapse:collapse;width:100%;background:#fff;text-align:center}
table.month caption{font-weight:bold;padding:.3em}
table.month th,table.month td{padding:.15em;width:14.28%}
table.month td a{display:block;background:#c8161d;color:#fff;border-radius:3px;text-decoration:none}
article{max-width:40em;margin:0 auto;padding:0 16px 2em;font-size:1.08rem}
article h1{font-size:1.6rem;line-height:1.35;margin:.4em 0}
article h2{font-size:1.15rem;margin:1em 0 .3em}
.kicker,.subhead{color:#555;margin:.2em 0}
.byline,.where{color:#555;font-size:.95rem}
article p.text{text-indent:2em;margin:.5em 0;overflow-wrap:anywhere}
figure{margin:1em 0}
figure img{max-width:100%;height:auto}
figcaption{font-size:.9rem;color:#555}
nav.crumbs,nav.prevnext{max-width:40em;margin:0 auto;padding:.6em 16px;overflow-wrap:anywhere}
nav.prevnext{display:flex;flex-direction:column;gap:.3em;border-top:1px solid #ccc}
.results{max-width:48em;margin:0 auto;padding:0 12px 2em}
.results ol{padding-left:0;list-style:none}
.results li{background:#fff;margin:.6em 0;padding:.5em .8em;overflow-wrap:anywhere}
.results .head{font-size:1.1rem}
.results .where{display:block}
mark{background:#ffe08a;color:inherit}
footer{color:#555;font-size:.9rem;padding:1em 12px}
"""

SITE_JS = """\
(function () {
  if (/[?&]show=hotspots(&|$)/.test(location.search)) document.body.classList.add('show-hotspots');
  document.querySelectorAll('.sheet-area').forEach(function (area) {
    var sheet = area.querySelector('.sheet'), zoom = 1;
    area.querySelectorAll('.zoom button').forEach(function (b) {
      b.hidden = false;
      b.addEventListener('click', function () {
        zoom = b.dataset.zoom === '+' ? Math.min(4, zoom * 1.5) : Math.max(1, zoom / 1.5);
        sheet.style.setProperty('--zoom', zoom);
      });
    });
  });
})();
"""

# The search runs in the page: the n-gram index (search/index.js) narrows the candidates,
# then each candidate's own text (search/DATE.js, loaded on demand as a script so that
# file:// works) decides, so the results are exactly the articles that contain every word.
SEARCH_JS = """\
(function () {
  var I = window.LAYOUT_SEARCH, out = document.getElementById('results');
  window.LAYOUT_TEXT = window.LAYOUT_TEXT || {};
  function fold(s) { return s.replace(/[A-Z]/g, function (c) { return c.toLowerCase(); }); }
  function esc(s) { return s.replace(/[&<>"]/g, function (c) { return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]; }); }
  function inter(a, b) { var s = new Set(b); return a.filter(function (x) { return s.has(x); }); }
  function candidates(word) {
    var cs = Array.from(word), list = null, k;
    if (cs.length === 1) return I.grams[cs[0]] || [];
    for (k = 0; k + 1 < cs.length; k++) {
      var p = I.grams[cs[k] + cs[k + 1]] || [];
      list = list === null ? p.slice() : inter(list, p);
      if (!list.length) break;
    }
    return list || [];
  }
  function load(date) {
    return new Promise(function (ok, fail) {
      if (window.LAYOUT_TEXT[date]) return ok();
      var s = document.createElement('script');
      s.src = 'search/' + date + '.js'; s.onload = ok; s.onerror = fail;
      document.head.appendChild(s);
    });
  }
  function snippet(text, words) {
    var f = fold(text), at = f.indexOf(words[0]), from = Math.max(0, at - 30), to = Math.min(text.length, at + words[0].length + 60);
    var part = text.slice(from, to).replace(/\\n/g, ' '), fp = fold(part), html = '', k = 0;
    while (k < part.length) {
      var hit = null;
      words.forEach(function (w) { if (!hit && fp.startsWith(w, k)) hit = w; });
      if (hit) { html += '<mark>' + esc(part.slice(k, k + hit.length)) + '</mark>'; k += hit.length; }
      else { html += esc(part[k]); k++; }
    }
    return (from > 0 ? '…' : '') + html + (to < text.length ? '…' : '');
  }
  var q = (new URLSearchParams(location.search).get('q') || '').trim();
  var box = document.querySelector('form.search input[name=q]');
  if (box) box.value = q;
  if (!q) { out.innerHTML = '<p>输入要找的字词，例如“主题教育”。</p>'; return; }
  var words = fold(q).split(/\\s+/).filter(Boolean), docs = null;
  words.forEach(function (w) { var c = candidates(w); docs = docs === null ? c : inter(docs, c); });
  var dates = Array.from(new Set(docs.map(function (d) { return I.docs[d][0]; })));
  Promise.all(dates.map(function (e) { return load(I.editions[e].date); })).then(function () {
    var hits = docs.filter(function (d) {
      var doc = I.docs[d], text = fold(window.LAYOUT_TEXT[I.editions[doc[0]].date][doc[1]]);
      return words.every(function (w) { return text.indexOf(w) >= 0; });
    });
    var html = '<p class="count">“' + esc(q) + '”：找到 ' + hits.length + ' 篇文章</p><ol>';
    hits.forEach(function (d) {
      var doc = I.docs[d], ed = I.editions[doc[0]], text = window.LAYOUT_TEXT[ed.date][doc[1]];
      html += '<li data-article="' + esc(ed.date + '/' + doc[2]) + '"><a class="head" href="' + esc(doc[4]) + '">' + esc(doc[3]) + '</a>'
        + '<span class="where">' + esc(ed.title) + ' · ' + esc(doc[5]) + '</span>'
        + '<p class="snippet">' + snippet(text, words) + '</p></li>';
    });
    out.innerHTML = html + '</ol>';
    document.title = q + ' - ' + document.title;
  }, function () { out.innerHTML = '<p>搜索索引读不到。</p>'; });
})();
"""
