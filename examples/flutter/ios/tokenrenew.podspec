# The iOS side of the tokenrenew Flutter plugin. Before `pod install`, put the binding next to
# this file: `make ios` (on a Mac) writes dist/Tokenrenew.xcframework; copy it to ios/.
Pod::Spec.new do |s|
  s.name             = 'tokenrenew'
  s.version          = '0.1.0'
  s.summary          = 'Keeps a short-lived access token fresh (Agora, Dolby.io, Room Service, any bearer JWT).'
  s.homepage         = 'https://github.com/tokenrenew/tokenrenew'
  s.license          = { :type => 'Apache-2.0' }
  s.author           = { 'tokenrenew' => 'tokenrenew@users.noreply.github.com' }
  s.source           = { :path => '.' }
  s.source_files     = 'Classes/**/*.swift'
  s.dependency 'Flutter'
  s.platform         = :ios, '13.0'
  s.swift_version    = '5.9'
  s.vendored_frameworks = 'Tokenrenew.xcframework'
  s.static_framework = true
  s.pod_target_xcconfig = { 'DEFINES_MODULE' => 'YES' }
end
