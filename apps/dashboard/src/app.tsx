import { useEffect, useState } from "react";
import { Link, Route, Switch } from "wouter";
import { currentKey, onKeyChange, signOut } from "./api/auth";
import { SignIn } from "./pages/sign-in";
import { StudiesPage } from "./pages/studies-page";
import { StudyPage } from "./pages/study-page";
import { TrialPage } from "./pages/trial-page";
import { WorkersPage } from "./pages/workers-page";

export function App() {
  const [key, setKey] = useState(currentKey);
  const [expired, setExpired] = useState(false);
  useEffect(
    () =>
      onKeyChange((next) => {
        // Losing the key while signed in means the API answered 401.
        setExpired((was) => was || next === null);
        setKey(next);
      }),
    [],
  );
  if (!key) return <SignIn expired={expired} />;
  return (
    <>
      <header className="top">
        <nav aria-label="Main">
          <Link href="/" className="brand">
            rectune
          </Link>
          <Link href="/">Studies</Link>
          <Link href="/workers">Workers</Link>
        </nav>
        <button type="button" className="secondary" onClick={() => signOut()}>
          Sign out
        </button>
      </header>
      <main>
        <Switch>
          <Route path="/">{() => <StudiesPage />}</Route>
          <Route path="/workers">{() => <WorkersPage />}</Route>
          <Route path="/studies/:id">{(p) => <StudyPage key={p.id} id={Number(p.id)} />}</Route>
          <Route path="/studies/:id/trials/:number">
            {(p) => <TrialPage key={`${p.id}/${p.number}`} studyId={Number(p.id)} number={Number(p.number)} />}
          </Route>
          <Route>
            <p role="alert">No such page.</p>
          </Route>
        </Switch>
      </main>
    </>
  );
}
