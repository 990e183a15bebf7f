<?php
/**
 * Uninstall (Plugins → Delete): removes everything the plugin stored, on every site of a network —
 *  - every table in Storage\Schema::tables();
 *  - our options and transients by their exact names (includes/Uninstall.php), not by a prefix, and without
 *    flushing the object cache;
 *  - every scheduled event whose hook starts with cart_sessions_;
 *  - the cleanup exports folder in uploads, with everything in it.
 * Nothing on the store is touched: the carts are CoCart's, and so is the API key — the plugin row and readme.txt
 * tell the administrator to revoke it on the store (WooCommerce → Settings → Advanced → REST API).
 *
 * @package CartSessions
 */

declare(strict_types=1);

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

require_once __DIR__ . '/includes/autoload.php';

if ( is_multisite() ) {
	foreach ( get_sites( array( 'fields' => 'ids', 'number' => 0 ) ) as $cart_sessions_site ) {
		switch_to_blog( (int) $cart_sessions_site );
		\CartSessions\Uninstall::site();
		restore_current_blog();
	}
} else {
	\CartSessions\Uninstall::site();
}
