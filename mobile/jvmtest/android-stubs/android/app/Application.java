package android.app;

import android.content.Context;
import android.os.Bundle;
import java.util.ArrayList;
import java.util.List;

/** Application stands in for Android's class (see ../../README.md). */
public class Application extends Context {
  /** Not Android API: the callbacks registered, in order. */
  public final List<ActivityLifecycleCallbacks> stubCallbacks = new ArrayList<>();

  public void registerActivityLifecycleCallbacks(ActivityLifecycleCallbacks callback) { stubCallbacks.add(callback); }

  public void unregisterActivityLifecycleCallbacks(ActivityLifecycleCallbacks callback) { stubCallbacks.remove(callback); }

  /** ActivityLifecycleCallbacks has the seven methods every Android version declares abstract. */
  public interface ActivityLifecycleCallbacks {
    void onActivityCreated(Activity activity, Bundle savedInstanceState);
    void onActivityStarted(Activity activity);
    void onActivityResumed(Activity activity);
    void onActivityPaused(Activity activity);
    void onActivityStopped(Activity activity);
    void onActivitySaveInstanceState(Activity activity, Bundle outState);
    void onActivityDestroyed(Activity activity);
  }
}
