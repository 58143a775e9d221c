package dev.tokenrenew.ktx

import dev.tokenrenew.ktx.Binding.eventually
import dev.tokenrenew.mobile.Mobile
import dev.tokenrenew.mobile.Store
import dev.tokenrenew.mobile.StoredToken
import java.util.Collections
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.filterNotNull
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test

/**
 * The coroutine contracts of [TokenRenewer], through the real binding (libgojni.so) against a
 * local token server. runTest's virtual time makes a `withTimeout` end as soon as nothing else
 * can run, so no test waits for a timeout in real time; real time passes only while the token
 * server's 3-second tokens are renewed.
 */
class TokenRenewerTest {
    private val timeout = 60.seconds // runTest's bound for a hung binding

    @Test
    fun tokenSuspendsUntilTheFirstTokenAndTheStateFlowFollowsEveryRenewal() = runTest(timeout = timeout) {
        TokenRenewer(Binding.agora()).use { r ->
            val first = r.token()
            assertTrue("an Agora token with its issue time", first.value.startsWith("007") && first.issuedAtMs in 1 until first.expiresAtMs)
            val seen = r.token.filterNotNull().take(3).toList().map { it.value }
            assertEquals("the StateFlow followed three tokens of 3 s: $seen", 3, seen.toSet().size)
            val fresh = r.refresh()
            assertFalse("refresh() brings a new token", fresh.value in seen)
        }
    }

    @Test
    fun cancellingAWaitingTokenEndsTheWaitInTheBinding() = runTest(timeout = timeout) {
        TokenRenewer(Binding.silent()).use { r ->
            try {
                withTimeout(300) { r.token() } // virtual time: cancelled as soon as it waits
                fail("token() from a silent server returned")
            } catch (e: TimeoutCancellationException) {
            }
            eventually("the binding's wait ended with the coroutine") { Binding.waitThreads() == 0 }
            val waiting = async { runCatching { r.refresh() } }
            yield()
            waiting.cancel()
            waiting.join()
            assertTrue(waiting.isCancelled)
            eventually("refresh()'s wait ended with the coroutine") { Binding.waitThreads() == 0 }
        }
    }

    @Test
    fun aPermanentFailureIsThrownAndDeliveredAsItsSealedSubclass() = runTest(timeout = timeout) {
        val cfg = Binding.agora().apply {
            setURL("${Binding.url}/auth")
            setProfile("roomservice")
            setRoom("lobby")
            addHeader("X-Demo-Deny", "1")
        }
        TokenRenewer(cfg).use { r ->
            val failed = async { r.events.filterIsInstance<TokenEvent.Failed>().first() }
            eventually("the collector subscribed") { r.collectors == 1 }
            try {
                r.refresh()
                fail("refresh() after a 401 returned")
            } catch (e: TokenRenewException.Unauthorized) {
                assertTrue(e.permanent && e.code == Mobile.ErrorCodeUnauthorized)
            }
            val what = when (val e = failed.await().error) {
                is TokenRenewException.Unauthorized -> "sign in again"
                else -> "other error $e"
            }
            assertEquals("sign in again", what)
        }
    }

    @Test
    fun theConstructorThrowsForAnUnusableConfig() {
        try {
            TokenRenewer(Binding.agora().apply { setURL("http://tokens.example.com") })
            fail("a plain-http remote URL was accepted")
        } catch (e: TokenRenewException.InsecureURL) {
            assertTrue(e.permanent)
        }
    }

    @Test
    fun closeWhileCollectingEndsTheCollectionAndTheWaits() = runTest(timeout = timeout) {
        val r = TokenRenewer(Binding.silent())
        val collected = async { r.events.toList() }
        val waiting = async { runCatching { r.token() } }
        eventually("the collector subscribed and token() waits") { r.collectors == 1 && Binding.waitThreads() == 1 }
        r.close()
        assertEquals("the collection completed", 0, collected.await().count { it is TokenEvent.Renewed })
        assertTrue("a token() waiting across close() throws Stopped", waiting.await().exceptionOrNull() is TokenRenewException.Stopped)
        try {
            r.token()
            fail("token() after close() returned")
        } catch (e: TokenRenewException.Stopped) {
        }
        assertNull(r.token.value)
        assertEquals("collecting after close() completes at once", emptyList<TokenEvent>(), r.events.toList())
        r.close()
    }

    @Test
    fun aSlowCollectorMissesNoRenewalAndManyCollectorsSeeTheSame() = runTest(timeout = timeout) {
        TokenRenewer(Binding.agora("slow")).use { r ->
            r.token()
            // The first token's Renewed is published with the StateFlow's update: once
            // token.value is set, no collector subscribed later can see it.
            r.token.filterNotNull().first()
            r.pause() // no renewal of its own: the three below are refresh()'s
            val gate = CompletableDeferred<Unit>()
            val slow = async { r.events.filterIsInstance<TokenEvent.Renewed>().onEach { gate.await() }.take(3).toList() }
            val many = List(8) { async { r.events.filterIsInstance<TokenEvent.Renewed>().take(3).toList() } }
            eventually("nine collectors subscribed") { r.collectors == 9 }
            val fresh = List(3) { r.refresh().value }
            val fast = many.map { it.await().map { e -> e.token.value } }
            assertTrue("eight collectors saw the three renewals (matches: ${fast.map { it == fresh }})", fast.all { it == fresh })
            assertFalse("the slow collector is still on its first", slow.isCompleted)
            gate.complete(Unit)
            assertEquals("the slow collector got every renewal, in order", fresh, slow.await().map { it.token.value })
        }
    }

    @Test
    fun nothingIsDeliveredAfterCloseReturns() = runTest(timeout = timeout) {
        val r = TokenRenewer(Binding.agora("closed"))
        val log = Collections.synchronizedList(mutableListOf<String>())
        val job = launch { r.events.collect { log.add("event") } }
        r.token.filterNotNull().first()
        eventually("the collector subscribed") { r.collectors == 1 }
        r.close()
        log.add("closed")
        job.join()
        assertEquals("closed", log.last())
        assertNull(r.token.value)
    }

    /** A Store whose load waits for a latch, as a Keystore may on a cold start. */
    private class SlowStore(val loading: CountDownLatch, val release: CountDownLatch) : Store {
        override fun load(): StoredToken? {
            loading.countDown()
            release.await(30, TimeUnit.SECONDS)
            return null
        }

        override fun save(token: StoredToken) {}
    }

    @Test
    fun theConstructorDoesNotWaitForTheStore() = runTest(timeout = timeout) {
        val loading = CountDownLatch(1)
        val release = CountDownLatch(1)
        TokenRenewer(Binding.agora("store").apply { setStore(SlowStore(loading, release)) }).use { r ->
            // Here on the test's thread, as in Application.onCreate on the main thread.
            assertTrue("the Store is loading", loading.await(30, TimeUnit.SECONDS))
            val token = async { r.token() }
            yield()
            assertFalse("token() waits for the Store", token.isCompleted)
            release.countDown()
            assertTrue(token.await().value.startsWith("007"))
        }
    }
}
