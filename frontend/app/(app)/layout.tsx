"use client";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/app-header";
import { AuthGate } from "@/components/auth-gate";
import { DocumentsProvider } from "@/components/documents-provider";

export default function SignedInLayout({ children }: { children: ReactNode }) {
  return (
    <AuthGate>
      <DocumentsProvider>
        <AppHeader />
        <main id="main" className="main">
          {children}
        </main>
      </DocumentsProvider>
    </AuthGate>
  );
}
