package android.net;

import java.util.ArrayList;
import java.util.List;

/** ConnectivityManager stands in for Android's class (see ../../README.md). */
public class ConnectivityManager {
  /** Not Android API: the callbacks registered, in order. */
  public final List<NetworkCallback> stubCallbacks = new ArrayList<>();

  public void registerDefaultNetworkCallback(NetworkCallback callback) { stubCallbacks.add(callback); }

  public void unregisterNetworkCallback(NetworkCallback callback) { stubCallbacks.remove(callback); }

  /** NetworkCallback is told about networks; every method does nothing by default. */
  public static class NetworkCallback {
    public void onAvailable(Network network) {}
    public void onLost(Network network) {}
  }
}
