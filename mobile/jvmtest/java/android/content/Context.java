package android.content;

/** Context stands in for Android's class, which go.Seq names but a plain JVM lacks. */
public class Context {}
