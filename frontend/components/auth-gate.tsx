"use client";
import { useRouter } from "next/navigation";
import { type ReactNode, useEffect } from "react";
import { rememberForAfterSignIn } from "@/lib/after-sign-in";
import { useAuth } from "./auth-provider";
import { CardSkeletons } from "./card-skeleton";

/** Renders its children only for a signed-in user; everyone else goes to /login. */
export function AuthGate({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const router = useRouter();
  useEffect(() => {
    if (status === "signed-out") {
      rememberForAfterSignIn(window.location.pathname + window.location.search); // a share waiting
      router.replace("/login");
    }
  }, [status, router]);
  if (status !== "signed-in") {
    return (
      <main className="main">
        <CardSkeletons />
      </main>
    );
  }
  return <>{children}</>;
}
