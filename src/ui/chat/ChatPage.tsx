import { Notice } from '../shell/Notice';

export function ChatPage() {
  return (
    <section aria-labelledby="chat-title">
      <h1 id="chat-title">Chat with memory</h1>
      <Notice kind="info">No language model is available in this build yet.</Notice>
    </section>
  );
}
