// First: the Trusted Types policy must exist before any worker is created.
import './trusted-types';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installTestParts } from './app-state/services';
import { startNetworkMonitor } from './privacy/network-monitor';
import './styles.css';

// Count what the page fetches (and what the CSP refuses) from the first moment, before anything renders.
startNetworkMonitor();

// A constant after the build: production builds drop this branch and the module it imports.
if (import.meta.env.MODE === 'e2e') {
  installTestParts((await import('./test-mode')).testParts(new URLSearchParams(location.search)));
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
