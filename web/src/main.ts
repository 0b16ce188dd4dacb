import './styles.css';
import { ApiError } from './api/api-error';
import { OmniaClient } from './api/omnia-client';
import { KeyDialog } from './auth/key-dialog';
import { KeyStore } from './auth/key-store';
import { Banner } from './banner';
import { ChatController } from './chat/chat-controller';
import { Composer } from './chat/composer';
import { ConversationListView } from './chat/conversation-list-view';
import { ConversationStore } from './chat/conversation-store';
import { ConversationsApi } from './api/conversations-api';
import { MessageListView } from './chat/message-list-view';
import { AnswerPlayer } from './media/answer-player';
import { CameraDialog } from './media/camera-dialog';
import { ModelPicker } from './model-picker';
import { VoicePanel } from './voice/voice-panel';

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;

const keyDialog = new KeyDialog();
const camera = new CameraDialog();
const client = new OmniaClient(new KeyStore(), (reason) => keyDialog.ask(reason));
const banner = new Banner($('#banner'));
const store = new ConversationStore(new ConversationsApi(client), (error) => {
  if (error) banner.show(error);
  render();
});
const models = new ModelPicker($<HTMLSelectElement>('#model-select'), client);

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

const chat: ChatController = new ChatController(client, store, () => models.value, () => render(), (message) => banner.show(message));

const player = new AnswerPlayer(client, () => models.speechModel('tts'), (id) => messages.setPlaying(id));

const messages = new MessageListView($<HTMLOListElement>('#messages'), $('#empty-state'), {
  regenerate: (id) => void chat.regenerate(id),
  editAndResend: (id, text) => void chat.editAndResend(id, text),
  play: (id) => {
    const message = chat.conversation.messages.find((m) => m.id === id);
    if (message) player.play(id, message.text).catch((error) => banner.show(`Could not read the answer aloud: ${describe(error)}`));
  },
  stopPlaying: () => player.stop(),
});

const sidebar = $('#sidebar');
const toggleSidebar = $<HTMLButtonElement>('#toggle-sidebar');
const setSidebar = (open: boolean) => {
  sidebar.classList.toggle('open', open);
  toggleSidebar.setAttribute('aria-expanded', String(open));
};
toggleSidebar.addEventListener('click', () => setSidebar(!sidebar.classList.contains('open')));

const conversations = new ConversationListView($<HTMLUListElement>('#conversation-list'),
  (id) => { void chat.open(id); setSidebar(false); composer.focus(); },
  (id) => chat.remove(id));

const composer = new Composer({
  send: (text, images) => void chat.send(text, images),
  stop: () => chat.stop(),
  transcribe: (file) => client.transcribe(file, models.speechModel('stt')),
  takePhoto: () => camera.take(),
  report: (message) => banner.show(message),
}, $('#chat'));

$('#new-chat').addEventListener('click', () => { chat.startNew(); setSidebar(false); composer.focus(); });

new VoicePanel($('#voice-panel'), $<HTMLButtonElement>('#voice-button'), client, () => models.value);

function render(): void {
  const atBottom = messages.isAtBottom();
  messages.render(chat.conversation, chat.busy);
  messages.followIfAtBottom(atBottom);
  conversations.render(store.list(), chat.conversation.id);
  composer.setBusy(chat.busy);
  document.body.dataset.busy = String(chat.busy);
  document.body.dataset.saving = String(store.saving);
}

async function loadModels(): Promise<void> {
  try {
    await models.load();
    if (!models.value) banner.show('This server has no chat model yet. Start it with --chat-model.', () => void loadModels());
    else banner.hide();
  } catch (error) {
    const retry = error instanceof ApiError && (error.retryable || error.kind === 'auth');
    banner.show(describe(error), retry ? () => void loadModels() : undefined);
    return;
  }
  await loadConversations();
}

/** The conversation list from the server's store; after the models, so a missing key is asked for once. */
async function loadConversations(): Promise<void> {
  try {
    await store.load();
    await chat.restore();
    render();
  } catch (error) {
    banner.show(`Could not read the saved conversations: ${describe(error)}`, () => void loadConversations());
  }
}

render();
composer.focus();
void loadModels();
