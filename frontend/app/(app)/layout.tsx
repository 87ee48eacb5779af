"use client";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/app-header";
import { AuthGate } from "@/components/auth-gate";
import { ConfigProvider } from "@/components/config-provider";
import { DocumentsProvider } from "@/components/documents-provider";
import { NoticesProvider } from "@/components/notices-provider";
import { UploadsProvider } from "@/components/uploads-provider";

/**
 * Everything a signed-in page shares lives here, above the routes: the live list, the upload
 * manager (so moving between pages never cancels an upload) and the one live region.
 */
export default function SignedInLayout({ children }: { children: ReactNode }) {
  return (
    <AuthGate>
      <ConfigProvider>
        <DocumentsProvider>
          <NoticesProvider>
            <UploadsProvider>
              <AppHeader />
              <main id="main" className="main">
                {children}
              </main>
            </UploadsProvider>
          </NoticesProvider>
        </DocumentsProvider>
      </ConfigProvider>
    </AuthGate>
  );
}
