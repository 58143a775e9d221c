package dev.tokenrenew.ktx

import dev.tokenrenew.mobile.Token
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.yield
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Test

/** The buffer policy of [TokenRenewer.events], on the hub alone, in virtual time. */
class EventHubTest {
    private fun renewed(n: Int) = TokenEvent.Renewed(Token("t$n", 0, 0))
    private fun warned(n: Long) = TokenEvent.WillExpire(Token("w", 0, 0), n)

    private fun name(e: TokenEvent) = when (e) {
        is TokenEvent.Renewed -> e.token.value
        is TokenEvent.WillExpire -> "w${e.msLeft}"
        else -> e.toString()
    }

    @Test
    fun aCollectorThatFallsBehindKeepsEveryRenewalAndTheLatestOthers() = runTest {
        val hub = EventHub(others = 2)
        val got = async { hub.flow().take(5).toList() } // runs only when this coroutine waits
        while (hub.collectors == 0) yield()
        hub.publish(renewed(1))
        hub.publish(warned(1))
        hub.publish(warned(2))
        hub.publish(renewed(2))
        hub.publish(warned(3)) // drops w1, the oldest of the others
        hub.publish(renewed(3))
        assertEquals(listOf("t1", "w2", "t2", "w3", "t3"), got.await().map(::name).take(5))
    }

    @Test
    fun closeCompletesEveryCollectionAndTakesNothingMore() = runTest {
        val hub = EventHub()
        val got = List(3) { async { hub.flow().toList() } }
        while (hub.collectors < 3) yield()
        var also = 0
        hub.close { also++ }
        assertFalse(hub.publish(renewed(1)) { also++ })
        assertEquals(listOf(0, 0, 0), got.map { it.await().size })
        assertEquals(1, also)
        assertEquals(0, hub.flow().toList().size)
    }
}
