package dev.tokenrenew.jvmtest;

import dev.tokenrenew.mobile.Config;
import dev.tokenrenew.mobile.Listener;
import dev.tokenrenew.mobile.Mobile;
import dev.tokenrenew.mobile.Renewer;
import dev.tokenrenew.mobile.Stats;
import dev.tokenrenew.mobile.Store;
import dev.tokenrenew.mobile.StoredToken;
import dev.tokenrenew.mobile.Token;
import dev.tokenrenew.mobile.TokenError;
import dev.tokenrenew.mobile.Wait;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * RenewerTest drives the gobind-generated Java binding of package mobile, and through it the Go
 * renewer, against a local token server: java RenewerTest http://127.0.0.1:PORT
 *
 * It exits 0 when every check passes and 1 at the first that fails.
 */
public final class RenewerTest {
  private static final long WAIT_S = 30; // a bound for a hung binding, not a timing assertion

  /** Event is one Listener call: at is the expiry, or the time left for willExpire. */
  record Event(String kind, String token, long at, long issuedAt, String source, long code, String message, boolean permanent) {
    static Event of(String kind, Token t, long at) {
      return new Event(kind, t.getValue(), at, t.getIssuedAtMs(), t.getExpirySource(), 0, "", false);
    }
  }

  /** Recorder queues every Listener call; it throws once from onRenewToken when asked to. */
  static class Recorder implements Listener {
    final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    volatile boolean throwOnce;
    final List<String> threads = new ArrayList<>();

    @Override public void onTokenWillExpire(Token token, long msLeft) {
      events.add(Event.of("willExpire", token, msLeft));
    }

    @Override public void onRenewToken(Token token) {
      synchronized (threads) { threads.add(Thread.currentThread().getName()); }
      events.add(Event.of("renew", token, token.getExpiresAtMs()));
      if (throwOnce) {
        throwOnce = false;
        throw new IllegalStateException("listener bug");
      }
    }

    @Override public void onTokenExpired(Token token) {
      events.add(Event.of("expired", token, token.getExpiresAtMs()));
    }

    @Override public void onError(TokenError err) {
      events.add(new Event("error", "", 0, 0, "", err.getCode(), err.getMessage(), err.getPermanent()));
    }

    Event next(String kind) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
      for (;;) {
        Event e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        check(e != null, "no " + kind + " event within " + WAIT_S + " s");
        if (e.kind.equals(kind)) return e;
      }
    }
  }

  /** MemoryStore is a Store in memory, as an app's Keychain/Keystore one would be. */
  static final class MemoryStore implements Store {
    volatile StoredToken saved;
    volatile int saves;

    @Override public StoredToken load() { return saved; }

    @Override public void save(StoredToken token) {
      StoredToken copy = new StoredToken(token.getValue(), token.getExpiresAtMs(), token.getIssuedAtMs());
      copy.setKey(token.getKey());
      copy.setExtraJSON(token.getExtraJSON());
      copy.setSecretsJSON(token.getSecretsJSON());
      saved = copy;
      saves++;
    }
  }

  static void check(boolean ok, String what) {
    if (!ok) {
      System.out.println("FAIL: " + what);
      System.exit(1);
    }
  }

  static void pass(String what) { System.out.println("ok   " + what); }

  /** agora configures the Agora token service profile: POST {base}/getToken for an RTC token. */
  static Config agora(String base) {
    Config c = new Config();
    c.setURL(base + "/getToken");
    c.setProfile("agora");
    c.setChannel("jvmtest");
    c.setUID("42");
    c.setWarnBeforeMs(-1);
    return c;
  }

  /** nonDaemonThreads lists the live non-daemon threads but this one. */
  static List<String> nonDaemonThreads() {
    List<String> left = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && !t.isDaemon() && t != Thread.currentThread()) left.add(t.getName());
    }
    return left;
  }

  public static void main(String[] args) throws Exception {
    String base = args[0];
    long start = System.nanoTime();

    // 1. Short tokens are renewed again and again; each arrives in onRenewToken.
    Recorder rec = new Recorder();
    rec.throwOnce = true;
    MemoryStore store = new MemoryStore();
    Config cfg = agora(base);
    cfg.setStore(store);
    Renewer r = new Renewer(cfg, rec);
    r.start();
    String first = r.token(10_000);
    check(first.startsWith("007"), "token(10000) returned an Agora AccessToken2");
    pass("token(10000) returned the first Agora token (007…, " + first.length() + " bytes)");
    Event e1 = rec.next("renew");
    check(e1.token.equals(first), "the first onRenewToken carries the token token() returned");
    check(e1.issuedAt > 0 && e1.issuedAt < e1.at && !e1.source.isEmpty(),
        "onRenewToken's Token carries the issue time and expiry source: " + e1.issuedAt + " " + e1.source);
    pass("onRenewToken(Token): issuedAtMs=" + e1.issuedAt + " expirySource=" + e1.source);
    Event bug = rec.next("error");
    check(bug.code == Mobile.ErrorCodeInternal && bug.message.contains("listener bug") && !bug.permanent,
        "an exception thrown by onRenewToken comes back as onError(ErrorCodeInternal): got " + bug);
    pass("an exception in onRenewToken was reported as onError(code=" + bug.code + ")");
    Event e2 = rec.next("renew");
    Event e3 = rec.next("renew");
    check(!e2.token.equals(e1.token) && !e3.token.equals(e2.token), "each renewal brings a new token");
    check(e2.at > e1.at && e3.at > e2.at, "each renewal moves expiresAtMs forward");
    check(e3.at > System.currentTimeMillis(), "the last token has not expired");
    pass("two renewals: expiresAtMs " + e1.at + " -> " + e2.at + " -> " + e3.at);
    String now = r.token(0);
    check(now.startsWith("007") && !now.equals(e1.token), "token(0) returns a renewed token at once");
    Stats st = r.stats();
    check(st.getRenewals() >= 3 && st.getValid() && st.getLastErrorCode() == Mobile.ErrorCodeNone,
        "stats: renewals=" + st.getRenewals() + " valid=" + st.getValid());
    pass("stats: fetches=" + st.getFetches() + " renewals=" + st.getRenewals() + " valid=" + st.getValid());
    r.pause();
    check(r.stats().getPaused() && r.stats().getNextAttemptMs() == 0, "stats while paused: paused, no attempt planned");
    r.resume();
    check(!r.stats().getPaused() && r.stats().getNextAttemptMs() > 0, "stats after resume: not paused, the renewal planned");
    pass("stats say paused, with no attempt planned, until resume()");
    r.stop();
    check(store.saves >= 3 && store.saved != null, "the Store saved every renewal: saves=" + store.saves);
    pass("the Store saved " + store.saves + " tokens; stop() returned");
    try {
      r.token(0);
      check(false, "token() after stop() fails");
    } catch (Exception e) {
      check(Mobile.codeOf(e.getMessage()) == Mobile.ErrorCodeStopped, "token() after stop(): " + e.getMessage());
      pass("token() after stop() threw code " + Mobile.codeOf(e.getMessage()));
    }

    // 2. A restarted app reuses a stored, still valid token without a fetch,
    // but only for the identity it was stored for.
    MemoryStore kept = new MemoryStore();
    Config cfg2 = agora(base);
    cfg2.setStore(kept);
    Renewer r1 = new Renewer(cfg2, new Recorder());
    r1.start();
    String stored = r1.token(10_000);
    for (int i = 0; i < 1000 && kept.saves == 0; i++) Thread.sleep(10);
    r1.stop();
    check(kept.saved != null && kept.saved.getKey().length() > 0, "the Store was given the token with its identity key");
    long storedExp = kept.saved.getExpiresAtMs();
    Recorder rec2 = new Recorder();
    Renewer r2 = new Renewer(cfg2, rec2);
    r2.start();
    check(r2.token(10_000).equals(stored), "token() after start() is the stored token (start() does not wait for the Store)");
    Event seeded = rec2.next("renew");
    check(seeded.token.equals(stored) && seeded.at == storedExp, "onRenewToken carries the stored token and expiry");
    check(r2.stats().getFetches() == 0, "no fetch for a valid stored token: fetches=" + r2.stats().getFetches());
    pass("a new renewer started from the Store's token with fetches=0");
    r2.stop();
    MemoryStore planted = new MemoryStore();
    planted.saved = new StoredToken("planted-token", System.currentTimeMillis() + 3_600_000, System.currentTimeMillis());
    Config cfg2b = agora(base);
    cfg2b.setStore(planted);
    Renewer r2b = new Renewer(cfg2b, new Recorder());
    r2b.start();
    check(!r2b.token(10_000).equals("planted-token"), "a stored token without this identity's key is not used");
    pass("a token stored under another identity was not handed out");
    r2b.stop();

    // 3. A 401 is a permanent error with ErrorCodeUnauthorized.
    Recorder rec3 = new Recorder();
    Config cfg3 = new Config();
    cfg3.setURL(base + "/auth");
    cfg3.setProfile("roomservice");
    cfg3.setRoom("lobby");
    cfg3.addHeader("X-Demo-Deny", "1");
    Renewer r3 = new Renewer(cfg3, rec3);
    r3.start();
    Event denied = rec3.next("error");
    check(denied.code == Mobile.ErrorCodeUnauthorized && denied.permanent,
        "401 reported as permanent ErrorCodeUnauthorized: got " + denied);
    pass("401 -> onError(code=" + denied.code + " ErrorCodeUnauthorized, permanent=" + denied.permanent + ")");
    try {
      r3.token(1000);
      check(false, "token() after a 401 fails");
    } catch (Exception e) {
      check(Mobile.codeOf(e.getMessage()) == Mobile.ErrorCodeUnauthorized, "token() after 401: " + e.getMessage());
      pass("token() after the 401 threw: " + e.getMessage());
    }
    Wait w3 = new Wait(0);
    try {
      r3.awaitToken(w3);
      check(false, "awaitToken() after a 401 fails");
    } catch (Exception e) {
      TokenError f = w3.failure();
      check(f != null && f.getCode() == Mobile.ErrorCodeUnauthorized && f.getPermanent(), "awaitToken after 401: " + f);
      pass("awaitToken() after the 401: Wait.failure() = " + f);
    }
    check(r3.stats().getWaiting() && r3.stats().getLastErrorPermanent(), "stats say the renewer waits after the 401");
    r3.stop();

    // 4. A bad configuration fails start(), which declares it, with its code:
    // the constructor declares no exception and throws none.
    Renewer bad = new Renewer(agora("http://tokens.example.com"), null);
    try {
      bad.start();
      check(false, "a plain-http non-loopback URL is refused");
    } catch (Exception e) {
      check(Mobile.codeOf(e.getMessage()) == Mobile.ErrorCodeInsecureURL, "insecure URL: " + e.getMessage());
      pass("plain http to a remote host refused by start() with code " + Mobile.codeOf(e.getMessage()));
    }
    bad.stop();

    // 4b. A seed keeps its issue time; awaitToken returns the whole token.
    long issued = System.currentTimeMillis() - 1_000, expires = System.currentTimeMillis() + 3_600_000;
    Config seedCfg = agora(base);
    Renewer scratch = new Renewer(agora(base), null);
    scratch.start();
    String real = scratch.token(10_000); // an Agora token for this channel and uid
    scratch.stop();
    seedCfg.setSeed(new Token(real, expires, issued));
    Renewer rs = new Renewer(seedCfg, null);
    rs.start();
    Wait w = new Wait(10_000);
    Token got = rs.awaitToken(w);
    check(got.getValue().equals(real) && got.getIssuedAtMs() == issued && got.getExpiresAtMs() == expires && w.failure() == null,
        "awaitToken returns the seed with its issue time: " + got);
    check(rs.stats().getFetches() == 0, "no fetch for a valid seed");
    pass("setSeed(Token) kept issuedAtMs=" + got.getIssuedAtMs() + "; awaitToken returned it with no fetch");
    rs.stop();

    // 5. stop() from inside a Listener method returns; no call follows.
    java.util.concurrent.CountDownLatch stoppedInside = new java.util.concurrent.CountDownLatch(1);
    Renewer[] self = new Renewer[1];
    Recorder rec5 = new Recorder() {
      @Override public void onRenewToken(Token token) {
        self[0].stop();
        stoppedInside.countDown();
      }
    };
    self[0] = new Renewer(agora(base), rec5);
    self[0].start();
    check(stoppedInside.await(WAIT_S, TimeUnit.SECONDS), "stop() called from onRenewToken returned");
    self[0].stop();
    try {
      self[0].token(0);
      check(false, "token() after stop() from a listener fails");
    } catch (Exception e) {
      check(Mobile.codeOf(e.getMessage()) == Mobile.ErrorCodeStopped, "token() after stop() in a listener: " + e.getMessage());
    }
    pass("stop() called from onRenewToken returned, and the renewer is stopped");

    // 6. Nothing is left running: only daemon threads besides main.
    // A thread that made the last call into Java ends just after the call returns: poll briefly.
    List<String> left = nonDaemonThreads();
    for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        !left.isEmpty() && System.nanoTime() < deadline; left = nonDaemonThreads()) {
      Thread.sleep(20);
    }
    check(left.isEmpty(), "non-daemon threads left after stop(): " + left);
    pass("no non-daemon thread left after stop() (callbacks ran on " + rec.threads.size() + " short-lived threads)");
    System.out.printf("PASS: JVM test of the gobind binding in %.1f s%n", (System.nanoTime() - start) / 1e9);
  }
}
