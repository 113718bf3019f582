// The visitor's chat widget. The visitor's token (from the host, for this conversation only) is kept in this tab's
// session storage and sent in a header; everything people wrote is shown as text.
import { h, fill, $, show, debounce } from './dom.js';
import { api, connectHub } from './api.js';
import { time, wait, fileSize, initials } from './format.js';

const storageKey = 'omnichannel.visitorToken';
const state = { token: sessionStorage.getItem(storageKey), hub: null, lastSequence: 0, view: null, typingSent: 0, typingTimer: null };

const headers = () => ({ 'X-Visitor-Token': state.token });

function showError(message) {
  const box = $('#visitor-error');
  box.textContent = message ?? '';
  show(box, Boolean(message));
}

async function boot() {
  const departments = await api.get('/api/visitor/departments');
  fill($('#start-department'), departments.map(d => h('option', { value: d.id }, d.name)));
  if (state.token) {
    try { await enterChat(); return; } catch { forgetToken(); }
  }
  show($('#start'));
}

function forgetToken() {
  state.token = null;
  sessionStorage.removeItem(storageKey);
}

$('#start').addEventListener('submit', async event => {
  event.preventDefault();
  const error = $('#start .form-error');
  show(error, false);
  try {
    const started = await api.post('/api/visitor/start', {
      name: $('#start-name').value, email: $('#start-email').value, departmentId: $('#start-department').value, text: $('#start-text').value,
    }, { headers: state.previousToken ? { 'X-Visitor-Token': state.previousToken } : {} });
    state.token = started.token;
    sessionStorage.setItem(storageKey, state.token);
    $('#start-text').value = '';
    await enterChat();
  } catch (e) {
    error.textContent = e.message;
    show(error);
  }
});

async function enterChat() {
  state.lastSequence = 0;
  fill($('#visitor-messages'));
  await refresh();
  show($('#start'), false);
  show($('#chat'));
  if (!state.hub) {
    state.hub = connectHub();
    state.hub.on('changed', () => refresh());
    state.hub.on('typing', notice => { if (notice.from === 'agent') showTyping(notice.name, notice.isTyping); });
    state.hub.on('queuePosition', position => renderQueue(position.position, position.estimatedWaitSeconds));
    state.hub.onreconnected(() => follow().then(refresh));
    await state.hub.start();
  }
  await follow();
  document.body.dataset.hub = 'connected';
}

const follow = () => state.hub.invoke('FollowVisitorConversation', state.token);

async function refresh() {
  const view = await api.get(`/api/visitor/conversation?after=${state.lastSequence}`, { headers: headers() });
  state.view = view;
  const list = $('#visitor-messages');
  for (const message of view.messages) {
    if (message.sequence <= state.lastSequence) continue;
    list.append(messageItem(message));
    state.lastSequence = message.sequence;
    if (message.author === 'agent') showTyping('', false);
  }
  list.scrollTop = list.scrollHeight;
  render(view);
}

function render(view) {
  const closed = view.state === 'Closed';
  $('#widget-subtitle').textContent = closed ? 'Chat ended'
    : view.agentName ? `You are chatting with ${view.agentName}` : `${view.departmentName} · waiting for an agent`;
  $('#widget-dot').className = `dot ${closed ? 'offline' : view.agentName ? 'available' : 'away'}`;
  if (view.state === 'Queued') renderQueue(view.position, view.estimatedWaitSeconds);
  else show($('#queue-status'), false);
  show($('#closed-note'), closed);
  show($('#visitor-composer'), !closed);
  show($('#visitor-tools'), !closed);
  if (closed) show($('#transcript-form'), false);
  const note = $('#transcript-note');
  const notices = view.notices ?? [];
  if (view.pendingEmail) {
    note.textContent = `The transcript will be emailed to ${view.pendingEmail.address} when the chat ends.`;
  } else if (notices.length) {
    note.textContent = notices[0];
  }
  show(note, Boolean(view.pendingEmail) || notices.length > 0);
  $('#transcript-toggle').disabled = Boolean(view.pendingEmail);
}

function renderQueue(position, seconds) {
  const box = $('#queue-status');
  if (!state.view || state.view.state !== 'Queued') { show(box, false); return; }
  fill(box, position
    ? [h('strong', {}, `You are number ${position} in the queue`), h('span', {}, `Estimated wait: ${wait(seconds)}`)]
    : [h('strong', {}, 'An agent will be with you shortly')]);
  show(box);
}

function messageItem(message) {
  const files = message.attachments.map(file =>
    h('a', { class: 'attachment', href: '#', on: { click: e => { e.preventDefault(); download(file); } } },
      h('span', { class: 'icon icon-file' }), h('span', {}, file.fileName), h('span', { class: 'subtle' }, fileSize(file.sizeBytes))));
  if (message.author === 'system') return h('li', { class: 'message system' }, h('div', { class: 'message-text' }, message.text));
  const mine = message.author === 'contact';
  return h('li', { class: `message ${mine ? 'out' : 'in'} ${message.author}`, dataset: { sequence: message.sequence } },
    mine ? null : h('span', { class: 'avatar small' }, initials(message.authorName)),
    h('div', { class: 'bubble' },
      h('div', { class: 'message-meta' }, h('span', { class: 'author' }, mine ? 'You' : message.authorName), h('time', {}, time(message.sentAt))),
      h('div', { class: 'message-text' }, message.text),
      files.length ? h('div', { class: 'attachments' }, files) : null));
}

// Downloads go through fetch, so the token stays in a header and never appears in an address.
async function download(file) {
  const response = await fetch(`/api/visitor/files/${encodeURIComponent(file.reference)}`, { headers: headers() });
  if (!response.ok) { showError('The file could not be downloaded.'); return; }
  const url = URL.createObjectURL(await response.blob());
  const link = h('a', { href: url, attrs: { download: file.fileName } });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function showTyping(name, isTyping) {
  const line = $('#visitor-typing');
  clearTimeout(showTyping.timer);
  if (!isTyping) { show(line, false); return; }
  fill(line, h('span', { class: 'dots' }, h('i'), h('i'), h('i')), `${name} is typing…`);
  show(line);
  showTyping.timer = setTimeout(() => show(line, false), 8000);
}

const composer = $('#visitor-message');

async function send() {
  const text = composer.value;
  if (!text.trim()) return;
  stopTyping();
  showError(null);
  try {
    const written = await api.post('/api/visitor/messages', { text }, { headers: headers() });
    composer.value = '';
    await adopt(written);
  } catch (e) {
    showError(e.message);
  }
}

// The chat was closed at the moment the visitor wrote: the host started a new one and gave its token.
async function adopt(written) {
  if (written?.token) {
    state.token = written.token;
    sessionStorage.setItem(storageKey, state.token);
    await enterChat();
  } else {
    await refresh();
  }
}

$('#visitor-composer').addEventListener('submit', event => { event.preventDefault(); send(); });
composer.addEventListener('keydown', event => { if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); send(); } });
composer.addEventListener('input', () => {
  const now = Date.now();
  if (now - state.typingSent > 2500 && state.hub) {
    state.typingSent = now;
    state.hub.invoke('VisitorTyping', state.token, true).catch(() => {});
  }
  clearTimeout(state.typingTimer);
  state.typingTimer = setTimeout(stopTyping, 3000);
});

function stopTyping() {
  clearTimeout(state.typingTimer);
  if (state.typingSent && state.hub) state.hub.invoke('VisitorTyping', state.token, false).catch(() => {});
  state.typingSent = 0;
}

$('#visitor-attach').addEventListener('change', async event => {
  const file = event.target.files[0];
  event.target.value = '';
  if (!file) return;
  const form = new FormData();
  form.append('file', file);
  showError(null);
  try { await adopt(await api.upload('/api/visitor/attachments', form, { headers: headers() })); } catch (e) { showError(e.message); }
});

$('#transcript-toggle').addEventListener('click', () => {
  $('#transcript-email').value = state.view?.contactEmail ?? '';
  show($('#transcript-form'));
});
$('#transcript-cancel').addEventListener('click', () => show($('#transcript-form'), false));
$('#transcript-form').addEventListener('submit', async event => {
  event.preventDefault();
  showError(null);
  try {
    await api.post('/api/visitor/transcript', { address: $('#transcript-email').value, subject: $('#transcript-subject').value }, { headers: headers() });
    show($('#transcript-form'), false);
    await refresh();
  } catch (e) {
    showError(e.message);
  }
});

$('#end-chat').addEventListener('click', async () => {
  showError(null);
  try {
    await api.post('/api/visitor/close', {}, { headers: headers() });
    await refresh();
  } catch (e) {
    showError(e.message);
  }
});

$('#new-chat').addEventListener('click', () => {
  state.previousToken = state.token;   // the same visitor: the host keeps them as the same contact
  forgetToken();
  fill($('#visitor-messages'));
  show($('#chat'), false);
  show($('#start'));
  $('#start-name').value = state.view?.contactName ?? '';
  $('#start-email').value = state.view?.contactEmail ?? '';
});

boot();
