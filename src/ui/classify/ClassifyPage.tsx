import { useCallback, useId, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { describeParse, isExportFormat, MAX_BATCH_CHARS, MAX_PASTE_CHARS, parseInput, type ParsedInput } from '../../core/input';
import { toRouterError, type RouterError } from '../../core/errors';
import { storableCategories } from '../../core/taxonomy';
import type { Conversation } from '../../core/conversation';
import type { ClassifyResult } from '../../core/contracts';
import { useAppState } from '../app-state/AppState';
import { ensureEngineReady } from '../app-state/engine-ready';
import { ErrorNotice, Notice } from '../shell/Notice';
import { CategoryChips } from './CategoryChips';
import { EngineSelect } from './EngineSelect';
import { EXAMPLES } from './examples';
import { readFileText } from './read-file';
import { BatchPanel } from './BatchPanel';
import { MemoryDrafts } from './MemoryDrafts';
import { classifyHints } from './hints';

interface Routed {
  /** The conversation as pasted (saved with its memories). */
  text: string;
  conversation: Conversation;
  result: ClassifyResult;
}

export function ClassifyPage() {
  const { engine } = useAppState();
  const [text, setText] = useState('');
  const [error, setError] = useState<RouterError | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [routed, setRouted] = useState<Routed | null>(null);
  const [batch, setBatch] = useState<{ input: ParsedInput; source: string } | null>(null);
  const [dragging, setDragging] = useState(false);
  const textId = useId();
  const exampleId = useId();
  const fileRef = useRef<HTMLInputElement>(null);

  // A new input makes the previous answer stale: it goes first, so an error (or a wait) is never
  // shown beside an answer to other text, and its drafts cannot be saved for this one.
  const clearResult = useCallback(() => {
    setRouted(null);
    setError(null);
    setInfo(null);
  }, []);

  const classify = useCallback(async (value: string) => {
    clearResult();
    let parsed: ParsedInput;
    try {
      parsed = parseInput(value, { source: 'pasted text' });
    } catch (e) {
      setError(toRouterError(e));
      return;
    }
    if (parsed.conversations.length > 1 || isExportFormat(parsed.format)) {
      setInfo(`${describeParse(parsed)}. ${parsed.conversations.length > 1 ? 'Several conversations' : 'A chat export'}: route ${parsed.conversations.length > 1 ? 'them' : 'it'} in batch mode below.`);
      setBatch({ input: parsed, source: 'pasted text' });
      return;
    }
    setBusy(true);
    try {
      const ready = await ensureEngineReady(engine);
      const conversation = parsed.conversations[0];
      const result = await ready.classify(conversation);
      setRouted({ text: value, conversation, result });
      if (parsed.skipped.length || parsed.repaired.length) setInfo(describeParse(parsed));
    } catch (e) {
      setError(toRouterError(e));
    } finally {
      setBusy(false);
    }
  }, [engine, clearResult]);

  const openFile = useCallback(async (file: File) => {
    clearResult();
    try {
      const content = await readFileText(file);
      const parsed = parseInput(content, { source: file.name, maxChars: MAX_BATCH_CHARS });
      // An export always goes to the batch path, which keeps each conversation's title and times.
      if (parsed.conversations.length === 1 && content.length <= MAX_PASTE_CHARS && !isExportFormat(parsed.format)) {
        setText(content);
        await classify(content);
      } else {
        setInfo(`${file.name}: ${describeParse(parsed)}.`);
        setBatch({ input: parsed, source: file.name });
      }
    } catch (e) {
      setError(toRouterError(e));
    }
  }, [classify]);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void openFile(file);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void classify(text);
    }
  };

  const overLimit = text.length > MAX_PASTE_CHARS;

  return (
    <section aria-labelledby="classify-title">
      <h1 id="classify-title">Classify a conversation</h1>
      <p className="muted">Paste a conversation and see which memories it holds, where each goes and for how long. Nothing leaves this device.</p>
      <div className="grid-2">
        <div
          className={`card dropzone-card ${dragging ? 'dropzone active' : ''}`}
          onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <div className="row" style={{ justifyContent: 'space-between' }}>
            <EngineSelect />
            <div className="field-inline">
              <label htmlFor={exampleId}>Example</label>
              <select
                id={exampleId}
                value=""
                onChange={(e) => {
                  const ex = EXAMPLES.find((x) => x.id === e.target.value);
                  if (ex) { setText(ex.text); setError(null); setInfo(null); setRouted(null); }
                }}
              >
                <option value="">Pick an example…</option>
                {EXAMPLES.map((ex) => <option key={ex.id} value={ex.id}>{ex.title}</option>)}
              </select>
            </div>
          </div>
          <div className="field" style={{ marginTop: '0.6rem' }}>
            <label htmlFor={textId}>Conversation</label>
            <textarea
              id={textId}
              value={text}
              onChange={(e) => setText(e.target.value)}
              onPaste={clearResult}
              onKeyDown={onKeyDown}
              placeholder={'USER: Our brand voice is warm and plain-spoken.\nASSISTANT: Noted!\n\n(or a JSON messages array, or JSONL — or drop a file here)'}
              aria-describedby={`${textId}-count`}
              spellCheck={false}
              data-testid="conversation-input"
            />
            <div id={`${textId}-count`} className={`muted ${overLimit ? 'text-bad' : ''}`}>
              {text.length.toLocaleString('en-US')} / {MAX_PASTE_CHARS.toLocaleString('en-US')} characters · Ctrl+Enter to classify
            </div>
          </div>
          <div className="row">
            <button type="button" className="primary" onClick={() => void classify(text)} disabled={busy} data-testid="classify-button">
              {busy ? 'Classifying…' : 'Classify'}
            </button>
            <button type="button" onClick={() => fileRef.current?.click()}>Open a file…</button>
            <input
              ref={fileRef}
              type="file"
              accept=".txt,.json,.jsonl,text/plain,application/json"
              className="visually-hidden"
              tabIndex={-1}
              aria-label="Conversation file"
              data-testid="file-input"
              onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void openFile(f); }}
            />
            <button type="button" onClick={() => { setText(''); setRouted(null); setError(null); setInfo(null); }} disabled={!text}>Clear</button>
          </div>
          <p className="muted">Drop a .txt transcript (USER:/ASSISTANT: lines), a .json messages array, a .jsonl file with one conversation per line, or the <code>conversations.json</code> of a ChatGPT or Claude data export. Only text is read; images and attachments are counted, never opened.</p>
          <div aria-live="polite" data-testid="classify-status">
            {info && <Notice kind="info">{info}</Notice>}
          </div>
          {error && <ErrorNotice error={error} title="Could not classify" testId="classify-error" />}
        </div>
        <div className="card" aria-live="polite">
          <h2>Where it goes</h2>
          {!routed && !busy && <Notice kind="empty">Results appear here: the categories, their scope and how long each is kept.</Notice>}
          {busy && <Notice kind="loading">Classifying on this device…</Notice>}
          {routed && !busy && <RoutingResult routed={routed} />}
        </div>
      </div>
      {routed && <MemoryDrafts key={routed.result.raw + routed.result.timings.totalMs} text={routed.text} conversation={routed.conversation} routing={routed.result} />}
      {batch && <BatchPanel key={batch.source + batch.input.conversations.length} input={batch.input} source={batch.source} onClose={() => setBatch(null)} />}
    </section>
  );
}

function RoutingResult({ routed }: { routed: Routed }) {
  const { result } = routed;
  const { engines, selectEngine } = useAppState();
  const none = storableCategories(result.categories).length === 0;
  const answeredBy = engines.find((e) => e.id === result.engine) ?? null;
  const hints = classifyHints(result, answeredBy, engines);
  return (
    <div data-testid="routing-result">
      {hints.notice && (
        <Notice kind="info" title="About this input" testId="classify-notice">
          <p>{hints.notice}</p>
          {hints.suggest && (
            <p>
              {hints.suggest.label} is loaded and reads other languages and short notes:{' '}
              <button type="button" className="link" onClick={() => selectEngine(hints.suggest!.id)} data-testid="classify-suggest-llm">route with it instead</button>.
            </p>
          )}
        </Notice>
      )}
      <CategoryChips categories={result.categories.length ? result.categories : ['none']} scores={result.scores} testId="category-chips" />
      {none && <p>Nothing here is worth keeping (<em>none</em>): small talk, thanks and one-off requests are not stored.</p>}
      <p className="muted" data-testid="routing-engine">
        Answered by <strong>{result.engine}</strong> in {result.timings.totalMs.toFixed(result.timings.totalMs < 10 ? 1 : 0)} ms
        {result.timings.decodeTokensPerSec ? ` · ${result.timings.decodeTokensPerSec.toFixed(1)} tokens/s` : ''}
      </p>
      {result.dropped && result.dropped.length > 0 && <p className="muted">Ignored unknown names: {result.dropped.join(', ')}</p>}
      <details>
        <summary>Engine output</summary>
        <pre className="memory-text">{result.raw}</pre>
      </details>
    </div>
  );
}
