package dev.tokenrenew.example

import dev.tokenrenew.ktx.Binding
import org.junit.Test

/** The Android example's TokenRenewal.kt, run by jvm/Demo.kt through the real binding. */
class AndroidExampleTest {
    @Test
    fun tokenRenewalHandsEveryTokenToTheEngineOnTheMainThread() = demo(Binding.url)
}
