import { useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { canChat, type ChatEngine, type ChatTurn } from '../../engines';
import { type ClassifyResult } from '../../core/contracts';
import { toRouterError, type RouterError } from '../../core/errors';
import type { CategoryName } from '../../core/taxonomy';
import { useAppState } from '../app-state/AppState';
import { useFirstReady } from '../app-state/engine-hooks';
import { ensureEngineReady } from '../app-state/engine-ready';
import { ErrorNotice, Notice } from '../shell/Notice';
import { CategoryChips } from '../classify/CategoryChips';
import { buildGroundedMessages, type GroundingMemory } from './grounding';
import { useChatMemory } from './chat-memory';

interface UserEntry {
  role: 'user';
  text: string;
  routing?: ClassifyResult;
  saved?: number;
  routingError?: RouterError;
}

interface AssistantEntry {
  role: 'assistant';
  text: string;
  grounding: GroundingMemory[];
  engine?: string;
  ms?: number;
  done: boolean;
  error?: RouterError;
}

type Entry = UserEntry | AssistantEntry;

export function ChatPage() {
  const { engines } = useAppState();
  const chatEngines = useMemo(() => engines.filter(canChat), [engines]);
  const llm = useFirstReady(chatEngines);
  return (
    <section aria-labelledby="chat-title">
      <h1 id="chat-title">Chat with memory</h1>
      <p className="muted">Each reply is grounded in the memories retrieved for your message; each message you send is routed and its memories stored — all on this device.</p>
      {llm ? <ChatSession llm={llm} /> : <NoLlm available={chatEngines.length > 0} />}
    </section>
  );
}

function NoLlm({ available }: { available: boolean }) {
  const hasWebGpu = typeof navigator !== 'undefined' && 'gpu' in navigator;
  return (
    <Notice kind="info" title="No language model is loaded" testId="chat-no-llm">
      <p>
        Chat needs a language model running on your GPU. {available
          ? <>Load one on the <a href="#/models">Models page</a> (Llama-3.1-8B is a one-time download of about 4.5 GB; after that it loads from this browser's cache, offline).</>
          : <>This build has no language model engine.</>}
      </p>
      {!hasWebGpu && <p>This browser does not expose WebGPU, so it cannot run one: open the page in a recent Chrome or Edge on a machine with a GPU.</p>}
      <p>Without a model, Classify, Memories, search and the benchmarks work fully. This page does not make up replies.</p>
    </Notice>
  );
}

function ChatSession({ llm }: { llm: ChatEngine }) {
  const { engine: router } = useAppState();
  const memory = useChatMemory();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const abortRef = useRef<AbortController | null>(null);
  const inputId = useId();

  const update = (index: number, patch: Partial<Entry>) =>
    setEntries((list) => list.map((e, i) => (i === index ? ({ ...e, ...patch } as Entry) : e)));

  const send = async (e?: FormEvent) => {
    e?.preventDefault();
    const text = draft.trim();
    if (!text || busy) return;
    const ctrl = new AbortController();
    abortRef.current = ctrl;
    const history: ChatTurn[] = entries.filter((x) => x.text && (x.role === 'user' || (x.done && !x.error))).map((x) => ({ role: x.role, content: x.text }));
    const userIndex = entries.length;
    const replyIndex = userIndex + 1;
    setEntries((list) => [...list, { role: 'user', text }, { role: 'assistant', text: '', grounding: [], done: false }]);
    setDraft('');
    setBusy(true);
    try {
      // Retrieve before storing, so a message is never grounded in itself.
      const grounding = await memory.retrieve(text);
      update(replyIndex, { grounding });
      void routeAndStore(text, userIndex, ctrl.signal);
      const started = performance.now();
      let streamed = '';
      const reply = await llm.chat(buildGroundedMessages(history, grounding, text), {
        signal: ctrl.signal,
        onToken: (delta) => { streamed += delta; update(replyIndex, { text: streamed }); },
      });
      update(replyIndex, { text: reply.text, engine: reply.engine, ms: performance.now() - started, done: true });
    } catch (err) {
      update(replyIndex, { done: true, error: toRouterError(err) });
    } finally {
      setBusy(false);
    }
  };

  const routeAndStore = async (text: string, index: number, signal: AbortSignal) => {
    try {
      const ready = await ensureEngineReady(router, signal);
      const routing = await ready.classify([{ role: 'user', content: text }], { signal });
      update(index, { routing });
      const saved = await memory.remember([{ role: 'user', content: text }], routing);
      update(index, { saved });
    } catch (err) {
      update(index, { routingError: toRouterError(err) });
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); void send(); }
  };

  return (
    <div className="card">
      <p className="muted">Model: <strong>{llm.label}</strong>{memory.available ? '' : ' · memories unavailable in this build'}</p>
      {entries.length === 0 && <Notice kind="empty">Ask something about your brand, campaigns or how you like to work. Memories relevant to your message are retrieved first and shown with the reply.</Notice>}
      <ol className="chat-log" aria-live="polite" data-testid="chat-log">
        {entries.map((entry, i) => (
          <li key={i} className={`chat-msg chat-${entry.role}`}>
            <span className="visually-hidden">{entry.role === 'user' ? 'You' : 'Assistant'}: </span>
            {entry.text || (entry.role === 'assistant' && !entry.done ? '…' : '')}
            {entry.role === 'user' && <UserMeta entry={entry} />}
            {entry.role === 'assistant' && <AssistantMeta entry={entry} />}
          </li>
        ))}
      </ol>
      <form onSubmit={(e) => void send(e)} className="stack">
        <label htmlFor={inputId}>Message</label>
        <textarea id={inputId} value={draft} onChange={(e) => setDraft(e.target.value)} onKeyDown={onKeyDown} rows={3} style={{ minHeight: '4.5rem' }} />
        <div className="row">
          <button type="submit" className="primary" disabled={busy || !draft.trim()}>Send</button>
          {busy && <button type="button" onClick={() => abortRef.current?.abort()}>Stop</button>}
          <span className="muted">Enter to send, Shift+Enter for a new line</span>
        </div>
      </form>
    </div>
  );
}

function UserMeta({ entry }: { entry: UserEntry }) {
  if (entry.routingError) return <div className="chat-context">Not stored: {entry.routingError.message}</div>;
  if (!entry.routing) return null;
  const cats = entry.routing.categories.filter((c): c is CategoryName => c !== 'none');
  return (
    <div className="chat-context">
      {cats.length ? <>Routed to <CategoryChips categories={cats} /></> : 'Nothing to remember in this message.'}
      {entry.saved !== undefined && cats.length > 0 && <span>{entry.saved} memor{entry.saved === 1 ? 'y' : 'ies'} stored.</span>}
    </div>
  );
}

function AssistantMeta({ entry }: { entry: AssistantEntry }) {
  return (
    <div className="chat-context">
      {entry.error && <ErrorNotice error={entry.error} title="No reply" />}
      {entry.grounding.length > 0 ? (
        <details>
          <summary>Grounded in {entry.grounding.length} memor{entry.grounding.length === 1 ? 'y' : 'ies'}</summary>
          <ul className="memory-list">
            {entry.grounding.map((m, i) => (
              <li key={i} className="memory"><CategoryChips categories={[m.category]} /> <span className="memory-text">{m.text}</span></li>
            ))}
          </ul>
        </details>
      ) : entry.done && !entry.error ? <span>No stored memory matched this message.</span> : null}
      {entry.done && entry.engine && <span> · {entry.engine}{entry.ms ? ` · ${(entry.ms / 1000).toFixed(1)} s` : ''}</span>}
    </div>
  );
}
