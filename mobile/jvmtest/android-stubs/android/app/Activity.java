package android.app;

import android.content.Context;

/** Activity stands in for Android's class (see ../../README.md). */
public class Activity extends Context {
  /** Not Android API: what isChangingConfigurations returns. */
  public boolean stubChangingConfigurations;

  /** isChangingConfigurations says the activity is stopping to be recreated (a rotation). */
  public boolean isChangingConfigurations() { return stubChangingConfigurations; }
}
