import { useEffect, useId, useState } from 'react';
import type { Conversation } from '../../core/conversation';
import { toRouterError, type RouterError } from '../../core/errors';
import { categoryInfo, MEMORY_CATEGORIES, type MemoryCategory } from '../../core/taxonomy';
import type { ClassifyResult } from '../../core/contracts';
import { DEFAULT_USER_ID, summarizeSave, type MemoryStore, type SaveSummary } from '../../memory';
import { useAppState } from '../app-state/AppState';
import { proposeMemories, proposerId } from '../../engines';
import { ErrorNotice, Notice } from '../shell/Notice';
import { StoreGate } from '../shell/StoreGate';
import { afterSave } from '../app-state/persistence';
import { describeSave } from './save-message';
import { SaveResult } from './SaveResult';

interface Draft {
  key: number;
  text: string;
  category: MemoryCategory;
  keep: boolean;
  score?: number;
  /** Where it was said: "turn 3 (user)". */
  source?: string;
}


/** The memories a routed conversation would store, editable before saving. */
export function MemoryDrafts({ text, conversation, routing }: { text: string; conversation: Conversation; routing: ClassifyResult }) {
  return (
    <section className="card" aria-labelledby="drafts-title">
      <h2 id="drafts-title">Memories to keep</h2>
      <StoreGate>{(store) => <DraftEditor store={store} text={text} conversation={conversation} routing={routing} />}</StoreGate>
    </section>
  );
}

function DraftEditor({ store, text, conversation, routing }: { store: MemoryStore; text: string; conversation: Conversation; routing: ClassifyResult }) {
  const { engine, extractionEngine } = useAppState();
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const [extractor, setExtractor] = useState('');
  const [error, setError] = useState<RouterError | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<SaveSummary | null>(null);

  useEffect(() => {
    const ctrl = new AbortController();
    const sources = { selected: engine, lite: extractionEngine };
    setExtractor(proposerId(routing, sources));
    proposeMemories(routing, conversation, sources, ctrl.signal).then(
      (facts) => setDrafts(facts.map((f, i) => ({
        key: i, text: f.text, category: f.category, keep: true, score: f.score,
        ...(f.turnIndex !== undefined && conversation[f.turnIndex] ? { source: `turn ${f.turnIndex + 1} (${conversation[f.turnIndex].role})` } : {}),
      }))),
      (e: unknown) => { if (!ctrl.signal.aborted) setError(toRouterError(e)); },
    );
    return () => ctrl.abort();
    // The drafts belong to one routing result; the parent remounts this for a new one.
  }, []);

  const patch = (key: number, change: Partial<Draft>) => {
    setSaved(null);
    setDrafts((list) => list?.map((d) => (d.key === key ? { ...d, ...change } : d)) ?? null);
  };

  const save = async () => {
    if (!drafts) return;
    setError(null);
    setSaving(true);
    try {
      const facts = drafts.filter((d) => d.keep && d.text.trim()).map((d) => ({ text: d.text, category: d.category, ...(d.score !== undefined ? { score: d.score } : {}) }));
      // One transaction: the conversation, its routing and every kept memory, or nothing.
      const [r] = await store.ingest([{ turns: conversation, text: text.trim(), routing, facts, userId: DEFAULT_USER_ID, metadata: { source: 'classify', engine: routing.engine, extractor } }]);
      setSaved(summarizeSave([r]));
      afterSave();
    } catch (e) {
      // Nothing was stored; the drafts stay here, as typed, to save again.
      setError(toRouterError(e));
    } finally {
      setSaving(false);
    }
  };

  if (error && !drafts) return <ErrorNotice error={error} title="Could not extract memories" />;
  if (!drafts) return <Notice kind="loading">Finding the facts worth keeping…</Notice>;
  const kept = drafts.filter((d) => d.keep && d.text.trim()).length;
  return (
    <div data-testid="memory-drafts">
      {drafts.length === 0 && <Notice kind="empty">Nothing in this conversation is worth storing. You can still add a memory by hand.</Notice>}
      {drafts.length > 0 && <p className="muted">Found by <code>{extractor}</code>. Edit the text or category, untick what you do not want, then save.</p>}
      {drafts.map((d, i) => <DraftRow key={d.key} index={i} draft={d} onChange={(c) => patch(d.key, c)} />)}
      <div className="row">
        <button type="button" onClick={() => setDrafts([...drafts, { key: Date.now(), text: '', category: 'user.session_history', keep: true }])}>Add a memory</button>
        <button type="button" className="primary" onClick={() => void save()} disabled={saving || kept === 0} data-testid="save-memories">
          {saving ? 'Saving…' : `Save ${kept} memor${kept === 1 ? 'y' : 'ies'}`}
        </button>
      </div>
      {error && <ErrorNotice error={error} title="Not saved: nothing was stored, your drafts are still here" testId="save-error" />}
      {saved && <SaveResult summary={saved} text={describeSave(saved)} testId="save-result" />}
    </div>
  );
}

function DraftRow({ index, draft, onChange }: { index: number; draft: Draft; onChange: (c: Partial<Draft>) => void }) {
  const id = useId();
  const info = categoryInfo(draft.category);
  return (
    <div className="draft" data-testid="memory-draft">
      <div className="row">
        <input id={`${id}-keep`} type="checkbox" checked={draft.keep} onChange={(e) => onChange({ keep: e.target.checked })} />
        <label htmlFor={`${id}-keep`} style={{ margin: 0 }}>Keep memory {index + 1}</label>
        <span className="muted" data-testid="draft-meta">{info.label} · {info.scope} · {info.horizonLabel}{draft.score !== undefined ? ` · score ${draft.score.toFixed(2)}` : ''}{draft.source ? ` · from ${draft.source}` : ''}</span>
      </div>
      <label htmlFor={`${id}-text`} className="visually-hidden">Text of memory {index + 1}</label>
      <textarea id={`${id}-text`} value={draft.text} onChange={(e) => onChange({ text: e.target.value })} disabled={!draft.keep} />
      <div className="field-inline">
        <label htmlFor={`${id}-cat`}>Category</label>
        <select id={`${id}-cat`} value={draft.category} onChange={(e) => onChange({ category: e.target.value as MemoryCategory })} disabled={!draft.keep}>
          {MEMORY_CATEGORIES.map((c) => <option key={c} value={c}>{categoryInfo(c).scope} · {categoryInfo(c).label}</option>)}
        </select>
      </div>
    </div>
  );
}
