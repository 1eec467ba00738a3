import Link from 'next/link';

export default function LandingPage() {
  return (
    <>
      <main className="main">
        <section className="hero">
          <div>
            <p className="eyebrow">ML system design interviews</p>
            <h1>Practise the round that decides senior ML offers.</h1>
            <p className="hero-lead">
              Mockroom puts an interviewer and a candidate in one room with a shared whiteboard, a video call and a phase
              timer that walks the real agenda — framing, data, modelling, serving, monitoring. Interviewers get the
              scenario&rsquo;s guide and a level-anchored rubric the candidate never sees.
            </p>
            <div className="hero-actions">
              <Link href="/signup" className="btn btn-primary btn-lg">
                Create a free account
              </Link>
              <Link href="/signin" className="btn btn-secondary btn-lg">
                Sign in
              </Link>
            </div>
          </div>
          <div className="card preview" aria-hidden>
            <div className="preview-bar">
              <span className="preview-phase">3 · Data &amp; features</span>
              <span className="preview-clock">07:42 left</span>
            </div>
            <div className="preview-board">
              <span className="preview-box" style={{ left: 16, top: 24 }}>
                Candidate gen (ANN)
              </span>
              <span className="preview-box" style={{ left: 250, top: 24 }}>
                Ranker
              </span>
              <span className="preview-box" style={{ left: 120, top: 112 }}>
                Feature store
              </span>
            </div>
            <div className="preview-agenda">
              <span className="done" />
              <span className="done" />
              <span className="done" />
              <span />
              <span />
              <span />
            </div>
          </div>
        </section>

        <section className="section">
          {/* Claims only what works today; each later feature adds its own line when it ships. */}
          <h2>What you get in the room</h2>
          <div className="grid-3" style={{ marginTop: 'var(--s5)' }}>
            <div className="card feature">
              <h3>Peers</h3>
              <p>Trade interviews with a friend, or post when you are free and get matched with someone at your level. Two rounds, roles swapped in the same session.</p>
            </div>
            <div className="card feature">
              <h3>Interviewers and coaches</h3>
              <p>Run the round with the scenario&rsquo;s guide, constraint cards to play, a rubric anchored to Senior, Staff and Principal expectations, and timestamped notes.</p>
            </div>
            <div className="card feature">
              <h3>Candidates</h3>
              <p>Nothing from the guide or the rubric reaches your screen. After the interview you read exactly the feedback your interviewer chose to release.</p>
            </div>
          </div>
          <div className="card feature" style={{ marginTop: 'var(--s5)' }}>
            <h3>Recording, only with consent</h3>
            <p>
              Press Record and everyone on camera is asked first; nobody is recorded before they allow, and whoever declines is never recorded. A red REC shows
              everyone whose streams are being recorded. Each browser keeps its recording until the server has it, so a dropped connection or a reload loses
              nothing, and a finished file seeks straight to any moment, even an hour in. Anyone can stop or withdraw their own recording.
            </p>
          </div>
          <div className="card feature" style={{ marginTop: 'var(--s5)' }}>
            <h3>Find a partner, put it in your calendar, see your progress</h3>
            <p>
              Say when you are free over the next two weeks, your target level and the domains you want to practise. When someone fits, you are both
              booked and emailed a calendar invitation in your own time zone, with reminders a day and 15 minutes before. After round 1 the candidate swaps
              roles and picks round 2&rsquo;s scenario, then each of you rates the other&rsquo;s interviewing. Your progress page charts the scores your
              interviewers released, per rubric dimension, points out your weakest areas and the scenarios that train them, and can remind you to
              practise again after 4, 7 and 14 days.
            </p>
          </div>
          <div className="card feature" style={{ marginTop: 'var(--s5)' }}>
            <h3>Review the session on one timeline</h3>
            <p>
              After the interview, replay the whiteboard as it was drawn, in step with the recordings, over the phases and every note, card and rubric tick at
              its moment. Click a marker to jump there. Candidates see only what their interviewer released, and either side can share a review with a mentor
              through a link that expires and can be revoked.
            </p>
          </div>
        </section>

        <section className="section">
          <h2>How to start</h2>
          <ol className="steps" style={{ marginTop: 'var(--s5)' }}>
            <li>
              <strong>Create an account</strong> with email and password, or ask for a one-time sign-in link.
            </li>
            <li>
              <strong>Pick a scenario and a level</strong> — recommendations, fraud, search ranking, moderation and more.
            </li>
            <li>
              <strong>Send the candidate their invite link</strong> and meet in the room when the clock starts.
            </li>
          </ol>
        </section>
      </main>
      <footer className="footer">Mockroom — mock interviews for ML system design.</footer>
    </>
  );
}
