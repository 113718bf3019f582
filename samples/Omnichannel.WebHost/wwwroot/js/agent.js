// The agent console. Everything a person wrote is put on the page as text (see dom.js); every refusal the library
// answers is shown with its own message.
import { h, fill, $, $$, show, highlighted, toast, debounce } from './dom.js';
import { api, ApiError, refreshCsrf, connectHub } from './api.js';
import { duration, time, dateTime, since, fileSize, initials } from './format.js';

const state = {
  me: null,
  hub: null,
  current: null,      // id of the open conversation
  view: null,         // its description
  lastSequence: 0,
  tab: 'room',
  typingTimer: null,
  typingSent: 0,
  canned: [],
  cannedIndex: 0,
  contact: null,
  directory: null,
};

const enc = encodeURIComponent;
const conversationUrl = (suffix = '') => `/api/conversations/${enc(state.current)}${suffix}`;

/** Shows a refusal: the library's message, as it is. */
function refused(error) {
  if (error instanceof ApiError) {
    if (error.status === 401) { location.reload(); return; }
    toast(error.message, 'error');
  } else {
    toast(`Something went wrong: ${error?.message ?? error}`, 'error');
  }
}

async function attempt(action) {
  try { return await action(); } catch (error) { refused(error); return undefined; }
}

// ---- Sign-in -------------------------------------------------------------------------------------------------------

async function boot() {
  await refreshCsrf();
  try {
    start(await api.get('/api/me'));
  } catch {
    show($('#login'));
    $('#login-username').focus();
  }
}

$('#login-form').addEventListener('submit', async event => {
  event.preventDefault();
  const error = $('#login-error');
  show(error, false);
  try {
    const me = await api.post('/api/session', { username: $('#login-username').value, password: $('#login-password').value });
    await refreshCsrf();
    show($('#login'), false);
    start(me);
  } catch (e) {
    error.textContent = e.message;
    show(error);
  }
});

$('#sign-out').addEventListener('click', async () => {
  await attempt(() => api.del('/api/session'));
  location.hash = '';
  location.reload();
});

async function start(me) {
  state.me = me;
  renderMe();
  show($('#app'));
  const hub = connectHub();
  state.hub = hub;
  hub.on('conversation', notice => {
    refreshLists();
    if (notice.conversationId === state.current) reloadCurrent();
  });
  hub.on('queue', () => refreshLists());
  hub.on('typing', notice => {
    if (notice.conversationId !== state.current || (notice.from === 'agent' && notice.name === state.me.name)) return;
    showTyping(notice.name, notice.isTyping);
  });
  hub.on('forwardedToYou', notice => {
    toast(`${notice.fromName} forwarded a conversation to you${notice.comment ? `: “${notice.comment}”` : '.'}`, 'info');
    refreshLists();
    if (notice.conversationId === state.current) reloadCurrent();
  });
  hub.on('forwardResult', notice => {
    if (!notice.succeeded) toast(notice.message, 'error');
  });
  hub.on('inbox', () => { refreshInbox(true); });
  hub.on('me', async () => { state.me = await api.get('/api/me'); renderMe(); });
  hub.onreconnected(() => { refreshLists(); if (state.current) reloadCurrent(); });
  await hub.start();
  document.body.dataset.hub = 'connected';
  await Promise.all([refreshListsNow(), refreshInbox(false)]);
  window.addEventListener('hashchange', route);
  route();
}

function renderMe() {
  $('#me-name').textContent = state.me.name;
  $('#status').value = state.me.status;
  $('#status-dot').className = `dot ${state.me.status.toLowerCase()}`;
}

$('#status').addEventListener('change', async event => {
  const me = await attempt(() => api.post('/api/me/status', { status: event.target.value }));
  if (me) { state.me = me; }
  renderMe();
});

// ---- Lists ---------------------------------------------------------------------------------------------------------

const refreshLists = debounce(() => refreshListsNow(), 120);

async function refreshListsNow() {
  try {
    const [queue, mine, closed] = await Promise.all([api.get('/api/queue'), api.get('/api/conversations/mine'), api.get('/api/conversations/closed')]);
    renderList($('#queue'), queue, item => [
      item.position ? `${item.departmentName} · ~${Math.max(1, Math.round(item.estimatedWaitSeconds / 60))} min wait` : item.departmentName,
      item.position ? `#${item.position} in queue` : since(item.at)]);
    renderList($('#in-progress'), mine.inProgress, item => [item.departmentName, item.lastAuthor === 'contact' ? 'waiting for you' : since(item.at)]);
    renderList($('#on-hold'), mine.onHold, item => [item.departmentName, 'on hold']);
    renderList($('#closed'), closed, item => [item.departmentName, `closed ${since(item.at)}`]);
    $('#queue-count').textContent = queue.length;
    $('#progress-count').textContent = mine.inProgress.length;
    $('#hold-count').textContent = mine.onHold.length;
  } catch (error) {
    refused(error);
  }
}

function renderList(list, items, meta) {
  fill(list, items.length === 0 ? h('li', { class: 'list-empty' }, list.dataset.empty) : items.map(item =>
    h('li', {},
      h('a', {
        class: `conversation-item${item.id === state.current ? ' active' : ''}${item.lastAuthor === 'contact' && item.state !== 'Queued' ? ' unread' : ''}`,
        href: `#/c/${enc(item.id)}`,
        dataset: { id: item.id },
      },
      h('span', { class: 'avatar small' }, initials(item.contactName)),
      h('span', { class: 'item-body' },
        h('span', { class: 'item-top' }, h('span', { class: 'item-name' }, item.contactName), h('span', { class: 'item-meta' }, meta(item)[1])),
        h('span', { class: 'item-preview' }, item.preview || '—'),
        h('span', { class: 'item-department' }, meta(item)[0]))))));
}

// ---- The open conversation -----------------------------------------------------------------------------------------

function route() {
  const match = /^#\/c\/(.+)$/.exec(location.hash);
  const id = match ? decodeURIComponent(match[1]) : null;
  if (id && id !== state.current) openConversation(id);
  if (!id) closePanel();
}

function closePanel() {
  state.current = null;
  state.view = null;
  show($('#conversation'), false);
  show($('#details'), false);
  show($('#refused'), false);
  show($('#empty'));
}

async function openConversation(id) {
  state.current = id;
  state.lastSequence = 0;
  state.contact = null;
  fill($('#messages'));
  showTyping('', false);
  $$('.conversation-item').forEach(a => a.classList.toggle('active', a.dataset.id === id));
  show($('#empty'), false);
  try {
    const view = await api.get(conversationUrl());
    if (state.current !== id) return;
    state.view = view;
    show($('#refused'), false);
    show($('#conversation'));
    show($('#details'));
    renderView();
    await loadMessages();
    await loadTab();
  } catch (error) {
    if (state.current !== id) return;
    // The library's refusal takes the place of the conversation: nothing of it is shown.
    show($('#conversation'), false);
    show($('#details'), false);
    const box = $('#refused');
    fill(box, h('h2', {}, 'This conversation cannot be shown'), h('p', { class: 'refusal-message' }, error.message));
    show(box);
  }
}

async function reloadCurrent() {
  const id = state.current;
  if (!id) return;
  try {
    const view = await api.get(conversationUrl());
    if (state.current !== id) return;
    state.view = view;
    renderView();
    await loadMessages();
    if (state.tab === 'room') renderRoom();
  } catch (error) {
    if (state.current === id && error instanceof ApiError && (error.status === 403 || error.status === 404)) {
      // It left this agent's reach (forwarded to another department, for instance): say so once and close it.
      closePanel();
      history.replaceState(null, '', location.pathname);
      toast(error.message, 'info');
    }
  }
}

async function loadMessages() {
  const id = state.current;
  const messages = await api.get(conversationUrl(`/messages?after=${state.lastSequence}`));
  if (state.current !== id) return;
  const list = $('#messages');
  for (const message of messages) {
    if (message.sequence <= state.lastSequence) continue;
    list.append(messageItem(message, state.current, `/api/conversations/${enc(state.current)}/files/`));
    state.lastSequence = message.sequence;
  }
  list.scrollTop = list.scrollHeight;
  if (messages.some(m => m.author === 'contact')) showTyping('', false);
}

function messageItem(message, conversationId, filesUrl) {
  const attachments = message.attachments.map(file =>
    h('a', { class: 'attachment', href: `${filesUrl}${enc(file.reference)}`, attrs: { download: file.fileName } },
      h('span', { class: 'icon icon-file' }), h('span', {}, file.fileName), h('span', { class: 'subtle' }, fileSize(file.sizeBytes))));
  if (message.author === 'system') {
    return h('li', { class: 'message system', dataset: { sequence: message.sequence } }, h('div', { class: 'message-text' }, message.text));
  }
  // Agents' and bots' messages go out from the console; the contact's come in.
  const direction = message.author === 'contact' ? 'in' : 'out';
  return h('li', { class: `message ${direction} ${message.author}`, dataset: { sequence: message.sequence, conversation: conversationId } },
    h('span', { class: 'avatar small' }, initials(message.authorName)),
    h('div', { class: 'bubble' },
      h('div', { class: 'message-meta' }, h('span', { class: 'author' }, message.authorName), h('time', { attrs: { datetime: message.sentAt } }, time(message.sentAt))),
      h('div', { class: 'message-text' }, message.text),
      attachments.length ? h('div', { class: 'attachments' }, attachments) : null));
}

function renderView() {
  const view = state.view;
  $('#contact-name').textContent = view.contactName;
  $('#contact-avatar').textContent = initials(view.contactName);
  $('#department-name').textContent = view.departmentName;
  const badge = $('#state');
  badge.textContent = view.state === 'OnHold' ? 'On hold' : view.state;
  badge.className = `state-badge ${view.state.toLowerCase()}`;
  $('#serving').textContent = view.servingAgentName ? `· ${view.servedByMe ? 'you' : view.servingAgentName}` : '';
  const mine = view.servedByMe || view.canManage;
  const open = view.state !== 'Closed';
  show($('#take'), view.state === 'Queued');
  show($('#resume'), view.state === 'OnHold' && mine);
  show($('#forward'), ['Taken', 'Forwarded'].includes(view.state) && mine);
  show($('#return'), ['Taken', 'Forwarded'].includes(view.state) && mine);
  show($('#hold'), view.state === 'Taken' && mine);
  show($('#close'), open && view.state !== 'Queued' && mine);
  const composerOpen = open && view.state !== 'Queued';
  $('#message').disabled = !composerOpen;
  $('#message').placeholder = view.state === 'Queued' ? 'Take the conversation to reply'
    : open ? 'Write a message — start with ! for canned responses' : 'This conversation is closed';
  $('#composer button[type=submit]').disabled = !composerOpen;
  $('#attach').disabled = !composerOpen;
  const last = view.transfers.at(-1);
  const banner = $('#forward-banner');
  if (last && !last.failure && view.servedByMe && last.fromName !== state.me.name) {
    fill(banner, h('strong', {}, `Forwarded to you by ${last.fromName}`), last.comment ? h('span', { class: 'forward-comment' }, `“${last.comment}”`) : null);
    show(banner);
  } else {
    show(banner, false);
  }
}

function showTyping(name, isTyping) {
  const line = $('#typing');
  clearTimeout(showTyping.timer);
  if (!isTyping) { show(line, false); return; }
  fill(line, h('span', { class: 'dots' }, h('i'), h('i'), h('i')), `${name} is typing…`);
  show(line);
  showTyping.timer = setTimeout(() => show(line, false), 8000);
}

// ---- Actions -------------------------------------------------------------------------------------------------------

async function act(path, body = {}) {
  const result = await attempt(() => api.post(conversationUrl(path), body));
  if (result) { await reloadCurrent(); refreshLists(); }
  return result;
}

$('#take').addEventListener('click', () => act('/take'));
$('#resume').addEventListener('click', () => act('/resume'));
$('#hold').addEventListener('click', () => act('/hold'));
$('#return').addEventListener('click', async () => { if (await act('/return')) toast('The conversation is back in the queue.', 'success'); });

for (const dialog of $$('dialog')) {
  dialog.querySelector('.dialog-cancel')?.addEventListener('click', () => dialog.close());
}

function dialogError(dialog, message) {
  const box = dialog.querySelector('.form-error');
  box.textContent = message ?? '';
  show(box, Boolean(message));
}

// Forward
$('#forward').addEventListener('click', async () => {
  const dialog = $('#forward-dialog');
  dialogError(dialog, null);
  state.directory = await attempt(() => api.get('/api/directory'));
  if (!state.directory) return;
  fill($('#forward-agent'), state.directory.agents.map(a =>
    h('option', { value: a.id }, `${a.name} — ${a.status} (${a.departments.join(', ')})`)));
  fill($('#forward-department'), state.directory.departments.filter(d => d.id !== state.view.departmentId).map(d => h('option', { value: d.id }, d.name)));
  $('#forward-comment').value = '';
  dialog.showModal();
});

for (const radio of $$('input[name=forward-kind]')) {
  radio.addEventListener('change', () => {
    const toAgent = $('input[name=forward-kind]:checked').value === 'agent';
    show($('#forward-agent-field'), toAgent);
    show($('#forward-department-field'), !toAgent);
  });
}

$('#forward-form').addEventListener('submit', async event => {
  event.preventDefault();
  const dialog = $('#forward-dialog');
  const toAgent = $('input[name=forward-kind]:checked').value === 'agent';
  const body = { comment: $('#forward-comment').value, agentId: toAgent ? $('#forward-agent').value : null, departmentId: toAgent ? null : $('#forward-department').value };
  try {
    const result = await api.post(conversationUrl('/forward'), body);
    dialog.close();
    toast(result.message, result.succeeded ? 'success' : 'error');
    await reloadCurrent();
    refreshLists();
  } catch (error) {
    dialogError(dialog, error.message);
  }
});

// Close
$('#close').addEventListener('click', () => {
  const dialog = $('#close-dialog');
  dialogError(dialog, null);
  const view = state.view;
  fill($('#close-tags'), view.closingTags.length === 0 ? h('span', { class: 'subtle' }, 'This department offers no tags.') : view.closingTags.map(tag =>
    h('label', { class: 'tag-choice' }, h('input', { type: 'checkbox', value: tag, checked: view.defaultClosingTags.includes(tag) }), tag)));
  show($('#tags-required'), view.requireTagsOnClose);
  $('#close-comment').value = '';
  $('#close-pdf').checked = state.me.alwaysExportPdf;
  $('#close-email').checked = state.me.alwaysSendEmail;
  dialog.showModal();
});

$('#close-form').addEventListener('submit', async event => {
  event.preventDefault();
  const dialog = $('#close-dialog');
  const body = {
    comment: $('#close-comment').value,
    tags: $$('#close-tags input:checked').map(i => i.value),
    exportPdf: $('#close-pdf').checked,
    sendEmail: $('#close-email').checked,
  };
  try {
    await api.post(conversationUrl('/close'), body);
    dialog.close();
    toast('The conversation is closed.', 'success');
    await reloadCurrent();
    refreshLists();
  } catch (error) {
    dialogError(dialog, error.message);
  }
});

// Transcripts
$('#transcript').addEventListener('click', () => show($('#transcript-menu'), $('#transcript-menu').hidden));
document.addEventListener('click', event => {
  if (!event.target.closest('#transcript') && !event.target.closest('#transcript-menu')) show($('#transcript-menu'), false);
  if (!event.target.closest('#inbox-button') && !event.target.closest('#inbox')) show($('#inbox'), false);
});

$('#export-pdf').addEventListener('click', async () => {
  show($('#transcript-menu'), false);
  const result = await attempt(() => api.post(conversationUrl('/transcript/pdf')));
  if (result) toast(result.message, 'info');
});

$('#send-transcript').addEventListener('click', async () => {
  show($('#transcript-menu'), false);
  const dialog = $('#email-dialog');
  dialogError(dialog, null);
  const contact = await api.get(conversationUrl('/contact')).catch(() => null);
  const pending = state.view.pendingEmail;
  $('#email-address').value = pending?.address ?? contact?.emails?.[0] ?? '';
  $('#email-subject').value = pending?.subject ?? 'Transcript of your conversation';
  const note = $('#email-pending');
  note.textContent = pending ? `Requested by ${pending.requestedBy}: to ${pending.address}.` : '';
  show(note, Boolean(pending));
  show($('#email-cancel-request'), Boolean(pending));
  dialog.showModal();
});

$('#email-form').addEventListener('submit', async event => {
  event.preventDefault();
  const dialog = $('#email-dialog');
  try {
    const request = await api.post(conversationUrl('/transcript/email'), { address: $('#email-address').value, subject: $('#email-subject').value });
    dialog.close();
    toast(`The transcript will be emailed to ${request.address} when the conversation closes.`, 'success');
    await reloadCurrent();
  } catch (error) {
    dialogError(dialog, error.message);
  }
});

$('#email-cancel-request').addEventListener('click', async () => {
  if (await attempt(() => api.del(conversationUrl('/transcript/email')))) {
    $('#email-dialog').close();
    toast('The transcript email request is cancelled.', 'success');
    await reloadCurrent();
  }
});

// Preferences
$('#preferences-button').addEventListener('click', () => {
  const dialog = $('#preferences-dialog');
  dialogError(dialog, null);
  $('#pref-pdf').checked = state.me.alwaysExportPdf;
  $('#pref-email').checked = state.me.alwaysSendEmail;
  dialog.showModal();
});

$('#preferences-form').addEventListener('submit', async event => {
  event.preventDefault();
  const dialog = $('#preferences-dialog');
  try {
    state.me = await api.put('/api/me/preferences', { alwaysExportPdf: $('#pref-pdf').checked, alwaysSendEmail: $('#pref-email').checked });
    dialog.close();
    toast('Preferences saved.', 'success');
  } catch (error) {
    dialogError(dialog, error.message);
  }
});

// ---- Composer: messages, canned responses, typing, files ------------------------------------------------------------

const composer = $('#message');

async function send() {
  const text = composer.value;
  if (!text.trim()) return;
  stopTyping();
  hideCanned();
  try {
    await api.post(conversationUrl('/messages'), { text });
    composer.value = '';
    await loadMessages();
  } catch (error) {
    refused(error);
  }
}

$('#composer').addEventListener('submit', event => { event.preventDefault(); send(); });

composer.addEventListener('keydown', event => {
  const open = !$('#canned').hidden;
  if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
    event.preventDefault();
    state.cannedIndex = (state.cannedIndex + (event.key === 'ArrowDown' ? 1 : state.canned.length - 1)) % state.canned.length;
    renderCanned();
  } else if (open && (event.key === 'Enter' || event.key === 'Tab')) {
    event.preventDefault();
    chooseCanned(state.canned[state.cannedIndex]);
  } else if (open && event.key === 'Escape') {
    hideCanned();
  } else if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    send();
  }
});

composer.addEventListener('input', () => {
  startTyping();
  const match = /^!([\w-]*)$/.exec(composer.value);
  if (match) lookUpCanned(match[1]); else hideCanned();
});

const lookUpCanned = debounce(async prefix => {
  const list = await api.get(`/api/canned?prefix=${enc(prefix)}`).catch(() => []);
  if (!/^![\w-]*$/.test(composer.value)) return;
  state.canned = list;
  state.cannedIndex = 0;
  renderCanned();
}, 100);

function renderCanned() {
  const box = $('#canned');
  if (state.canned.length === 0) { hideCanned(); return; }
  fill(box, state.canned.map((response, i) =>
    h('li', { class: `canned-item${i === state.cannedIndex ? ' selected' : ''}`, attrs: { role: 'option', 'aria-selected': i === state.cannedIndex }, on: { mousedown: e => { e.preventDefault(); chooseCanned(response); } } },
      h('span', { class: 'shortcut' }, `!${response.shortcut}`), h('span', { class: 'canned-text' }, response.text))));
  show(box);
}

function hideCanned() { show($('#canned'), false); state.canned = []; }

function chooseCanned(response) {
  composer.value = `!${response.shortcut} `;
  hideCanned();
  composer.focus();
}

function startTyping() {
  if (!state.current || !state.hub) return;
  const now = Date.now();
  if (now - state.typingSent > 2500) {
    state.typingSent = now;
    state.hub.invoke('AgentTyping', state.current, true).catch(() => {});
  }
  clearTimeout(state.typingTimer);
  state.typingTimer = setTimeout(stopTyping, 3000);
}

function stopTyping() {
  clearTimeout(state.typingTimer);
  if (state.typingSent && state.current && state.hub) state.hub.invoke('AgentTyping', state.current, false).catch(() => {});
  state.typingSent = 0;
}

$('#attach').addEventListener('change', async event => {
  const file = event.target.files[0];
  event.target.value = '';
  if (!file) return;
  const form = new FormData();
  form.append('file', file);
  if (await attempt(() => api.upload(conversationUrl('/attachments'), form))) await loadMessages();
});

// ---- Side panel: room, contact, history, search, files -------------------------------------------------------------

for (const tab of $$('.tabs button')) {
  tab.addEventListener('click', () => selectTab(tab.dataset.tab));
}

function selectTab(name) {
  state.tab = name;
  $$('.tabs button').forEach(b => b.classList.toggle('active', b.dataset.tab === name));
  $$('.tab-panel').forEach(p => show(p, p.dataset.panel === name));
  loadTab();
}

async function loadTab() {
  if (!state.view) return;
  if (state.tab === 'room') renderRoom();
  if (state.tab === 'contact') await loadContact();
  if (state.tab === 'history') await loadHistory();
  if (state.tab === 'search') await runSearch();
  if (state.tab === 'files') await loadFiles();
}

function facts(list, rows) {
  fill(list, rows.filter(([, value]) => value !== null && value !== undefined && value !== '').map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

function renderRoom() {
  const v = state.view;
  facts($('#room'), [
    ['Contact', v.contactName],
    ['Agent', v.servingAgentName ?? '—'],
    ['Department', v.departmentName],
    ['Started', dateTime(v.room.startedAt)],
    ['Queue time', duration(v.room.queueSeconds)],
    ['First response', duration(v.room.firstResponseSeconds)],
    ['Average response', duration(v.room.averageResponseSeconds)],
    ['Duration', duration(v.room.durationSeconds)],
    ['Topic', v.topic ?? '—'],
    ['Priority', v.priority === 'None' ? '—' : v.priority],
    ['Participants', v.participantNames.join(', ')],
    ['Tags', v.tags.join(', ')],
    ['Closing comment', v.closingComment],
    ['Closed by', v.closedBy],
    ['Transcript email', v.pendingEmail ? `to ${v.pendingEmail.address} at close` : null],
  ]);
  fill($('#transfers'), v.transfers.length === 0 ? h('li', { class: 'list-empty' }, 'Not forwarded.') : v.transfers.map(t =>
    h('li', {}, h('div', {}, h('strong', {}, t.fromName), ' → ', h('strong', {}, t.targetName), h('span', { class: 'subtle' }, ` · ${time(t.at)}`)),
      t.comment ? h('div', { class: 'forward-comment' }, `“${t.comment}”`) : null,
      t.failure ? h('div', { class: 'form-error' }, `Not forwarded: ${t.failure}`) : null)));
  show($('#room-edit'), v.state !== 'Closed');
}

$('#room-edit').addEventListener('click', () => {
  $('#room-topic').value = state.view.topic ?? '';
  $('#room-priority').value = state.view.priority;
  show($('#room-form'));
  show($('#room-edit'), false);
});
$('#room-cancel').addEventListener('click', () => { show($('#room-form'), false); show($('#room-edit')); });
$('#room-form').addEventListener('submit', async event => {
  event.preventDefault();
  if (await act('/room', { topic: $('#room-topic').value, priority: $('#room-priority').value })) {
    show($('#room-form'), false);
    show($('#room-edit'));
    toast('Room information saved.', 'success');
  }
});

async function loadContact() {
  const id = state.current;
  try {
    const contact = await api.get(conversationUrl('/contact'));
    if (state.current !== id) return;
    state.contact = contact;
    facts($('#contact'), [
      ['Name', contact.name],
      ['Email', contact.emails.join(', ') || '—'],
      ['Phone', contact.phones.join(', ') || '—'],
      ...contact.customFields.map(f => [f.name, f.value]),
    ]);
    show($('#contact-edit'));
  } catch (error) {
    fill($('#contact'), h('dd', { class: 'form-error' }, error.message));
    show($('#contact-edit'), false);
  }
}

$('#contact-edit').addEventListener('click', () => {
  const c = state.contact;
  $('#contact-name-input').value = c.name;
  $('#contact-emails').value = c.emails.join('\n');
  $('#contact-phones').value = c.phones.join('\n');
  show($('#contact-form'));
});
$('#contact-cancel').addEventListener('click', () => show($('#contact-form'), false));
$('#contact-form').addEventListener('submit', async event => {
  event.preventDefault();
  const lines = value => value.split(/\n/).map(s => s.trim()).filter(Boolean);
  const saved = await attempt(() => api.put(conversationUrl('/contact'), {
    version: state.contact.version, name: $('#contact-name-input').value, emails: lines($('#contact-emails').value), phones: lines($('#contact-phones').value),
  }));
  if (saved) {
    show($('#contact-form'), false);
    toast('Contact saved.', 'success');
    await loadContact();
    await reloadCurrent();
  }
});
$('#contact-history').addEventListener('click', () => selectTab('history'));

async function loadHistory() {
  const id = state.current;
  show($('#history-messages'), false);
  try {
    const history = await api.get(conversationUrl('/history'));
    if (state.current !== id) return;
    fill($('#history'), history.conversations.length === 0 ? h('li', { class: 'list-empty' }, 'No earlier conversations.') : history.conversations.map(entry =>
      h('li', {}, h('button', { class: 'history-item', type: 'button', on: { click: () => showHistoryConversation(entry.id) } },
        h('span', { class: 'item-top' }, h('strong', {}, dateTime(entry.closedAt)), h('span', { class: 'subtle' }, `${entry.messageCount} messages`)),
        h('span', { class: 'subtle' }, [entry.departmentName, entry.agentName, entry.topic].filter(Boolean).join(' · ')),
        entry.lastClosingMessage ? h('span', { class: 'item-preview' }, entry.lastClosingMessage) : null,
        entry.tags.length ? h('span', { class: 'tags-line' }, entry.tags.map(t => h('span', { class: 'tag' }, t))) : null))));
  } catch (error) {
    fill($('#history'), h('li', { class: 'form-error' }, error.message));
  }
}

async function showHistoryConversation(id) {
  const messages = await attempt(() => api.get(`/api/conversations/${enc(id)}/messages`));
  if (!messages) return;
  fill($('#history-messages'), messages.map(m => messageItem(m, id, `/api/conversations/${enc(id)}/files/`)));
  show($('#history-messages'));
}

const runHistorySearch = debounce(async () => {
  const q = $('#history-query').value;
  const list = $('#history-results');
  if (!q) { fill(list); return; }
  try {
    const result = await api.get(conversationUrl(`/history/search?q=${enc(q)}&mode=${$('#history-regex').checked ? 'regex' : 'text'}`));
    fill(list, result.messages.length === 0 ? h('li', { class: 'list-empty' }, 'No match.') : result.messages.map(searchHit));
  } catch (error) {
    fill(list, h('li', { class: 'form-error' }, error.message));
  }
}, 250);
$('#history-query').addEventListener('input', runHistorySearch);
$('#history-regex').addEventListener('change', runHistorySearch);

function searchHit(hit) {
  return h('li', {}, h('button', { class: 'search-hit', type: 'button', on: { click: () => focusMessage(hit.conversationId, hit.sequence) } },
    h('span', { class: 'item-top' }, h('strong', {}, hit.authorName), h('span', { class: 'subtle' }, dateTime(hit.sentAt))),
    h('span', { class: 'hit-text' }, highlighted(hit.text, hit.ranges))));
}

function focusMessage(conversationId, sequence) {
  if (conversationId !== state.current) { showHistoryConversation(conversationId); return; }
  const item = $(`#messages li[data-sequence="${Number(sequence)}"]`);
  if (!item) return;
  item.scrollIntoView({ block: 'center', behavior: 'smooth' });
  item.classList.add('flash');
  setTimeout(() => item.classList.remove('flash'), 1600);
}

const runSearch = debounce(async () => {
  const q = $('#search-query').value;
  const list = $('#search-results');
  const summary = $('#search-summary');
  if (!q) { fill(list); summary.textContent = 'Plain text ignores letter case; tick Regex for a regular expression.'; return; }
  try {
    const result = await api.get(conversationUrl(`/search?q=${enc(q)}&mode=${$('#search-regex').checked ? 'regex' : 'text'}`));
    const count = result.messages.reduce((n, m) => n + m.ranges.length, 0);
    summary.textContent = `${count} match${count === 1 ? '' : 'es'} in ${result.messages.length} of ${result.messagesSearched} messages${result.truncated ? ' (stopped at the limit)' : ''}.`;
    fill(list, result.messages.map(searchHit));
  } catch (error) {
    summary.textContent = '';
    fill(list, h('li', { class: 'form-error', attrs: { role: 'alert' } }, error.message));
  }
}, 250);
$('#search-query').addEventListener('input', runSearch);
$('#search-regex').addEventListener('change', runSearch);

const loadFiles = debounce(async () => {
  const params = new URLSearchParams();
  if ($('#files-query').value) params.set('name', $('#files-query').value);
  if ($('#files-kind').value) params.set('kind', $('#files-kind').value);
  try {
    const files = await api.get(conversationUrl(`/attachments?${params}`));
    fill($('#files'), files.length === 0 ? h('li', { class: 'list-empty' }, 'No files.') : files.map(f =>
      h('li', {}, h('a', { class: 'attachment', href: conversationUrl(`/files/${enc(f.reference)}`), attrs: { download: f.fileName } },
        h('span', { class: `icon ${f.kind === 'Image' ? 'icon-image' : 'icon-file'}` }), h('span', {}, f.fileName)),
        h('div', { class: 'subtle' }, `${f.kind} · ${fileSize(f.sizeBytes)} · ${f.author} · ${dateTime(f.sentAt)}`))));
  } catch (error) {
    fill($('#files'), h('li', { class: 'form-error' }, error.message));
  }
}, 200);
$('#files-query').addEventListener('input', loadFiles);
$('#files-kind').addEventListener('change', loadFiles);

// ---- Inbox: PDF transcripts and delivery notices from the system -------------------------------------------------------

$('#inbox-button').addEventListener('click', () => show($('#inbox'), $('#inbox').hidden));

async function refreshInbox(announce) {
  const items = await api.get('/api/inbox').catch(() => []);
  const count = $('#inbox-count');
  count.textContent = items.length;
  show(count, items.length > 0);
  fill($('#inbox-list'), items.length === 0 ? h('li', { class: 'list-empty' }, 'Nothing yet. PDF transcripts you ask for arrive here.') : items.map(item =>
    h('li', { class: `inbox-item ${item.kind === 'DeliveryFailed' ? 'failed' : ''}` },
      h('div', { class: 'item-top' }, h('strong', {}, item.kind === 'PdfTranscript' ? 'PDF transcript' : 'Delivery failed'), h('span', { class: 'subtle' }, time(item.receivedAt))),
      h('div', {}, item.text),
      item.fileName ? h('a', { class: 'attachment', href: `/api/inbox/${enc(item.id)}/file`, attrs: { download: item.fileName } }, h('span', { class: 'icon icon-file' }), h('span', {}, item.fileName)) : null)));
  if (announce && items.length > 0) {
    const latest = items[0];
    toast(latest.kind === 'PdfTranscript' ? `Your PDF transcript is ready: ${latest.fileName}` : latest.text, latest.kind === 'PdfTranscript' ? 'success' : 'error');
  }
}

boot();
