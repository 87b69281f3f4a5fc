import { useEffect, useRef } from 'react';
import { AppStateProvider, useAppState } from './app-state/AppState';
import { PrivacyBadge } from './privacy/PrivacyBadge';
import { TABS, useTab, type TabId } from './router';
import { ClassifyPage } from './classify/ClassifyPage';
import { MemoriesPage } from './memories/MemoriesPage';
import { ChatPage } from './chat/ChatPage';
import { ModelsTab } from './tabs/ModelsTab';
import { BenchmarkTab } from './tabs/BenchmarkTab';

const PAGES: Record<TabId, () => React.JSX.Element> = {
  classify: ClassifyPage,
  memories: MemoriesPage,
  chat: ChatPage,
  models: ModelsTab,
  benchmark: BenchmarkTab,
};

/** Every page but Classify searches or lists memories: the embedder starts when one opens. */
function EmbedderStarter({ tab }: { tab: TabId }) {
  const { embedders } = useAppState();
  useEffect(() => { if (tab !== 'classify') void embedders.start(); }, [tab, embedders]);
  return null;
}

export function App() {
  const tab = useTab();
  const mainRef = useRef<HTMLElement>(null);
  // Move focus to the page on tab change so keyboard and screen-reader users land on the content.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    mainRef.current?.focus();
  }, [tab]);
  const Page = PAGES[tab];
  return (
    <AppStateProvider>
      <EmbedderStarter tab={tab} />
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="app-header">
        <div className="brand">
          <span className="brand-name">Memory Router</span>
          <span className="brand-tag">private memory for marketing assistants, in your browser</span>
        </div>
        <PrivacyBadge />
      </header>
      <nav className="tabs" aria-label="Pages">
        {TABS.map((t) => (
          <a key={t.id} href={`#/${t.id}`} className="tab" aria-current={t.id === tab ? 'page' : undefined}>{t.label}</a>
        ))}
      </nav>
      <main id="main" ref={mainRef} tabIndex={-1} aria-label={TABS.find((t) => t.id === tab)?.label}>
        <Page />
      </main>
    </AppStateProvider>
  );
}
