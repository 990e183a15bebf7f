<?php
/**
 * The double as a plugin: dev/test only, never next to the real CoCart, no WooCommerce class, WooCommerce's roles.
 * In-process (WpTestCase: one rolled-back transaction per test).
 */

declare(strict_types=1);

use CoCartDouble\Plugin;
use CoCartDouble\Schema;

final class PluginGuardTest extends WpTestCase {

	public function test_double_is_active_on_the_test_site_with_its_tables(): void {
		global $wpdb;
		$this->assertContains( 'cocart-double/cocart-double.php', (array) get_option( 'active_plugins' ) );
		$this->assertSame( Schema::DB_VERSION, get_option( Schema::DB_VERSION_OPTION ) );
		$this->assertSame(
			Schema::carts_table(),
			$wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', Schema::carts_table() ) )
		);
		$this->assertSame(
			Schema::keys_table(),
			$wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', Schema::keys_table() ) )
		);
	}

	public function test_carts_table_has_cocarts_schema(): void {
		global $wpdb;
		$columns = $wpdb->get_results( 'SHOW COLUMNS FROM ' . Schema::carts_table(), ARRAY_A );
		$this->assertSame(
			array(
				'cart_id'      => 'bigint(20) unsigned',
				'cart_key'     => 'char(42)',
				'cart_value'   => 'longtext',
				'cart_created' => 'bigint(20) unsigned',
				'cart_expiry'  => 'bigint(20) unsigned',
				'cart_source'  => 'varchar(200)',
				'cart_hash'    => 'varchar(200)',
			),
			array_column( $columns, 'Type', 'Field' )
		);
		$keys = $wpdb->get_results( 'SHOW INDEX FROM ' . Schema::carts_table(), ARRAY_A );
		$this->assertSame(
			array( 'PRIMARY' => 'cart_id', 'cart_key' => 'cart_key' ),
			array_column( $keys, 'Column_name', 'Key_name' )
		);
	}

	public function test_api_keys_table_has_woocommerces_columns(): void {
		global $wpdb;
		$columns = array_column(
			$wpdb->get_results( 'SHOW COLUMNS FROM ' . Schema::keys_table(), ARRAY_A ),
			'Type',
			'Field'
		);
		$this->assertSame(
			array(
				'key_id',
				'user_id',
				'description',
				'permissions',
				'consumer_key',
				'consumer_secret',
				'nonces',
				'truncated_key',
				'last_access',
			),
			array_keys( $columns )
		);
		$this->assertSame( 'char(64)', $columns['consumer_key'] );
		$this->assertSame( 'char(7)', $columns['truncated_key'] );
	}

	public function test_it_declares_no_woocommerce_or_cocart_class(): void {
		$this->assertFalse( class_exists( 'WooCommerce', false ) );
		$this->assertFalse( class_exists( 'CoCart', false ) );
	}

	public function test_its_wc_function_leaves_the_plugin_seeing_no_woocommerce(): void {
		// WC() exists for callers of CoCart's session routes (WooCommerceSessionTest); the plugin detects
		// WooCommerce by its class, so its menu and capability stay those of a site without WooCommerce.
		$this->assertTrue( function_exists( 'WC' ) );
		$this->assertInstanceOf( \CoCartDouble\WooCommerce::class, WC() );
		$this->assertFalse( \CartSessions\Environment::is_woocommerce_active() );
		$this->assertSame( 'manage_options', \CartSessions\Capability::mapped_capability() );
	}

	public function test_shop_manager_role_has_manage_woocommerce(): void {
		$this->assertTrue( get_role( 'shop_manager' )->has_cap( 'manage_woocommerce' ) );
	}

	public function test_administrators_get_manage_woocommerce_unless_the_site_opts_out(): void {
		// The PHPUnit site opts out (install-test-site.php), so the plugin's capability tests keep their premise.
		$this->assertSame( '0', get_option( 'cocart_double_grant_admin_cap' ) );
		$this->assertFalse( get_role( 'administrator' )->has_cap( 'manage_woocommerce' ) );
		// A site that does not opt out gets it on install, as WooCommerce grants it.
		update_option( 'cocart_double_grant_admin_cap', '1' );
		$admin = get_role( 'administrator' );
		$this->assertNotNull( $admin );
		$saved = $admin->capabilities;
		Schema::install();
		$granted = get_role( 'administrator' )->has_cap( 'manage_woocommerce' );
		get_role( 'administrator' )->remove_cap( 'manage_woocommerce' );
		get_role( 'administrator' )->remove_cap( 'view_woocommerce_reports' );
		$this->assertTrue( $granted );
		$this->assertSame( $saved, get_role( 'administrator' )->capabilities );
	}

	public function test_real_cocart_is_detected_from_active_plugins(): void {
		$this->assertFalse( Plugin::real_cocart_is_active() );
		$this->add_test_filter(
			'option_active_plugins',
			static function ( $plugins ) {
				return array_merge( (array) $plugins, array( Plugin::REAL_COCART ) );
			}
		);
		$this->assertTrue( Plugin::real_cocart_is_active() );
	}

	public function test_activation_next_to_the_real_cocart_is_refused(): void {
		$this->add_test_filter(
			'option_active_plugins',
			static function ( $plugins ) {
				return array_merge( (array) $plugins, array( Plugin::REAL_COCART ) );
			}
		);
		$this->add_test_filter(
			'wp_die_handler',
			static function () {
				return static function ( $message ) {
					throw new RuntimeException( is_string( $message ) ? $message : 'wp_die' );
				};
			}
		);
		try {
			Plugin::on_activation();
			$this->fail( 'activation went through' );
		} catch ( RuntimeException $e ) {
			$this->assertStringContainsString( 'cannot run next to the real CoCart', $e->getMessage() );
		}
	}

	public function test_conflict_notice_is_shown_to_plugin_managers_only(): void {
		ob_start();
		Plugin::conflict_notice();
		$this->assertSame( '', ob_get_clean(), 'anonymous: nothing' );
		$this->log_in_as( 'administrator' );
		ob_start();
		Plugin::conflict_notice();
		$html = (string) ob_get_clean();
		$this->assertStringContainsString( 'notice-error', $html );
		$this->assertStringContainsString( 'the real CoCart is active', $html );
	}
}
