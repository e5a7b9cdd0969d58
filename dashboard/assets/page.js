// Our own fixed script (never given user text), on every page. Streamlit writes some words of its own in English
// that no setting changes (the upload box, pickers, the "Page not found" and "Connection error" dialogs, labels read
// aloud): they are said in Vietnamese as they appear. A tap on a target row is routed by Streamlit itself (the
// address pushed, as its own page links do) instead of loading the page again.
if (!window.cchcWords) {
  const TEXT = {'Upload': 'Chọn tệp', 'Browse files': 'Chọn tệp', 'Drag and drop files here': 'Kéo thả tệp vào đây',
    'Select all': 'Chọn tất cả', 'No results': 'Không có kết quả', 'No options to select': 'Không có lựa chọn',
    'Skip to main content': 'Tới nội dung chính', 'Page not found': 'Không có trang này', 'Connection error': 'Mất kết nối',
    'Close': 'Đóng', 'Clear all': 'Xoá hết', 'Remove': 'Gỡ', 'Running...': 'Đang chạy…', 'Stop': 'Dừng',
    'Connecting': 'Đang kết nối', 'Please wait...': 'Xin chờ…', 'File size is too small.': 'Tệp rỗng hoặc quá nhỏ.',
    'Unexpected error. Please try again.': 'Có lỗi khi nhận tệp: hãy thử lại.', 'Error:': 'Lỗi: '};
  const AWAY = 'Máy chủ của ứng dụng không trả lời: đang thử kết nối lại. Nếu kéo dài, hãy kiểm tra mạng hoặc báo ' +
    'quản trị; những gì đã ghi vẫn được giữ.';
  const PATTERNS = [[/^(?:Limit )?(\d+)\s*MB per file(.*)$/, 'Tối đa $1 MB mỗi tệp$2'],
    [/^File must be (\d+)(?:\.0)?\s*MB or smaller\.$/, 'Tệp quá lớn (tối đa $1 MB mỗi tệp): không được nhận. Hãy xuất lại theo từng tháng.'],
    [/^File must be (.+) or smaller\.$/, 'Tệp quá lớn (tối đa $1 mỗi tệp): không được nhận. Hãy xuất lại theo từng tháng.'],
    [/^(.+) files are not allowed\.$/, 'Không nhận tệp loại $1.'],
    [/^(The page that you have requested|You have requested page)[\s\S]*$/, 'Liên kết sai hoặc cũ: đang mở trang Tổng quan.'],
    [/^(Streamlit server is not responding|Is Streamlit still running|Cannot connect to Streamlit)[\s\S]*$/, AWAY],
    [/^streamlit run \S+$/, ''],
    [/^(\d+)\.(\d+)\s*(B|KB|MB|GB)$/, '$1,$2 $3']];  // an uploaded file's size, written the Vietnamese way
  const ATTRS = {'Choose an option': 'Chọn…', 'Choose options': 'Chọn…', 'Show password': 'Hiện mật khẩu',
    'Hide password': 'Ẩn mật khẩu', 'file upload': 'tải tệp lên', 'Search': 'Tìm', 'Fullscreen': 'Toàn màn hình',
    'Download as CSV': 'Tải CSV', 'Show/hide columns': 'Ẩn/hiện cột', 'Link to heading': 'Liên kết tới mục', 'Open': 'Mở',
    'App pages': 'Các trang', 'Close': 'Đóng', 'Clear all': 'Xoá hết', 'Select all': 'Chọn tất cả', 'Remove': 'Gỡ',
    'Choose date': 'Chọn ngày', 'Choose date range': 'Chọn khoảng ngày'};
  const ATTR_PATTERNS = [[/^Remove /, 'Gỡ '], [/, (\d+)\.(\d+)\s*(B|KB|MB|GB)$/, ', $1,$2 $3'], [/^day, /, 'ngày, '], [/^month, /, 'tháng, '], [/^year, /, 'năm, '], [/ start date$/, ' (ngày đầu)'],
    [/ end date$/, ' (ngày cuối)']];  // the date fields' parts, as read aloud
  const said = text => {
    const t = text.trim();
    if (TEXT[t]) return TEXT[t];
    for (const [pattern, words] of PATTERNS) if (pattern.test(t)) return t.replace(pattern, words);
    return null;
  };
  const sayText = node => {
    const words = said(node.textContent);
    if (words !== null && words !== node.textContent) node.textContent = words;
  };
  const sayAttributes = el => {
    for (const a of ['placeholder', 'aria-label', 'title']) {
      const v = el.getAttribute && el.getAttribute(a);
      const words = v && (ATTRS[v] || ATTR_PATTERNS.reduce((w, [pattern, vi]) => w.replace(pattern, vi), v));
      if (words && words !== v) el.setAttribute(a, words);
    }
  };
  const sayAll = root => {
    if (root.nodeType === Node.TEXT_NODE) return sayText(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) sayText(walker.currentNode);
    sayAttributes(root);
    root.querySelectorAll('[placeholder], [aria-label], [title]').forEach(sayAttributes);
  };
  window.cchcWords = new MutationObserver(records => {  // only what changed: the page has thousands of nodes
    for (const r of records) {
      if (r.type === 'childList') r.addedNodes.forEach(sayAll);
      else if (r.type === 'characterData') sayText(r.target);
      else sayAttributes(r.target);
    }
  });
  window.cchcWords.observe(document.body, {childList: true, subtree: true, characterData: true,
                                           attributes: true, attributeFilter: ['placeholder', 'aria-label', 'title']});
  sayAll(document.body);  // what is already on the page when this script arrives
}
if (!window.cchcHistory) {  // one history entry per screen: Back leaves a page in one press
  window.cchcHistory = true;
  const push = history.pushState.bind(history), replace = history.replaceState.bind(history);
  let at = (history.state && history.state.cchc) || 0, screen = location.pathname;  // this entry's place, its page
  const placed = state => Object.assign({}, state || {}, {cchc: at});
  const withoutHash = href => href.split('#')[0];
  let shown = location.href;  // the address as last seen here
  let backed = 0;  // when Back (or Forward) last moved to another screen
  addEventListener('pointerdown', () => { backed = 0; }, true);  // a tap of the person's own: a new move
  history.pushState = (state, title, url) => {  // Streamlit pushes each change of the address's query too
    const to = new URL(url, location.href).pathname;
    if (to === location.pathname) return history.replaceState(state, title, url);
    if (Date.now() - backed < 3000) return;  // a page still finishing as Back left it would drag the address back
    at += 1;
    push(placed(state), title, url);
    screen = location.pathname;
    shown = location.href;
  };
  history.replaceState = (state, title, url) => { replace(placed(state), title, url); shown = location.href; };
  addEventListener('popstate', event => {
    const jump = withoutHash(location.href) === withoutHash(shown);  // a link to a place on the same page (#…)
    shown = location.href;
    if (!event.isTrusted || jump) return;  // a row link announcing itself, or that jump
    const to = (history.state && history.state.cchc) || 0, back = to <= at;
    if (location.pathname === screen) {  // an entry of the same screen (made before this script came): step over it
      event.stopImmediatePropagation();
      return back ? history.back() : history.forward();
    }
    at = to;
    screen = location.pathname;
    backed = Date.now();
  }, true);
}
if (!window.cchcRowLinks) {
  window.cchcRowLinks = true;
  document.addEventListener('click', event => {
    const row = event.target.closest && event.target.closest('a.cchc-row, a.cchc-count, table.cchc-city a');
    const href = row && row.getAttribute('href');
    if (!href || href.startsWith('#') || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    history.pushState({}, '', new URL(href, location.href));
    dispatchEvent(new PopStateEvent('popstate', {state: {}}));
  }, true);
}
