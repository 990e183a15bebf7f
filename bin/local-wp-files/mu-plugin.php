<?php
/**
 * Local development site only (bin/local-wp): there is no mail transport and no internet, so skip mail and the
 * update checks that would otherwise fail (and log warnings) on every admin page.
 */
add_filter( 'pre_wp_mail', '__return_true' );
foreach ( array( '_maybe_update_core', '_maybe_update_plugins', '_maybe_update_themes' ) as $local_wp_check ) {
	remove_action( 'admin_init', $local_wp_check );
}
remove_action( 'wp_version_check', 'wp_version_check' );
remove_action( 'load-plugins.php', 'wp_update_plugins' );
remove_action( 'load-update.php', 'wp_update_plugins' );
remove_action( 'load-update-core.php', 'wp_update_plugins' );
remove_action( 'load-themes.php', 'wp_update_themes' );
remove_action( 'load-update.php', 'wp_update_themes' );
remove_action( 'load-update-core.php', 'wp_update_themes' );
remove_action( 'wp_update_plugins', 'wp_update_plugins' );
remove_action( 'wp_update_themes', 'wp_update_themes' );
