"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useAuth } from "@/components/auth-provider";
import { LocalSignInForm } from "@/components/local-sign-in-form";
import { SupabaseSignInForm } from "@/components/supabase-sign-in-form";
import { takeAfterSignIn } from "@/lib/after-sign-in";

export default function LoginPage() {
  const { status, mode, notice } = useAuth();
  const router = useRouter();
  useEffect(() => {
    if (status === "signed-in") router.replace(takeAfterSignIn());
  }, [status, router]);
  return (
    <main id="main" className="login">
      <div className="login__panel">
        <h1 className="brand brand--large">Docstream</h1>
        <p className="muted">Drop documents in; get text, names, tags and summaries out, live.</p>
        {notice && (
          <p className="banner" role="alert">
            {notice}
          </p>
        )}
        {mode === "supabase" ? <SupabaseSignInForm /> : <LocalSignInForm />}
      </div>
    </main>
  );
}
