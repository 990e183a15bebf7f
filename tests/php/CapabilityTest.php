<?php
/**
 * manage_cart_sessions follows manage_options without WooCommerce and manage_woocommerce with it, and can be
 * re-mapped or granted directly.
 */

declare(strict_types=1);

final class CapabilityTest extends WpTestCase {

	private function woocommerce_is_active(): void {
		$this->add_test_filter( 'cart_sessions_is_woocommerce_active', '__return_true' );
	}

	public function test_without_woocommerce_it_follows_manage_options(): void {
		$this->assertFalse( class_exists( 'WooCommerce', false ), 'this test site has no WooCommerce' );
		$this->log_in_as( 'administrator' );
		$this->assertTrue( current_user_can( 'manage_cart_sessions' ) );

		$this->log_in_as( 'editor', array( 'manage_woocommerce' ) );
		$this->assertFalse(
			current_user_can( 'manage_cart_sessions' ),
			'manage_woocommerce is not enough without WooCommerce'
		);
	}

	public function test_with_woocommerce_it_follows_manage_woocommerce(): void {
		$this->woocommerce_is_active();

		$this->log_in_as( 'subscriber', array( 'manage_woocommerce' ) ); // What a shop manager has.
		$this->assertTrue( current_user_can( 'manage_cart_sessions' ) );

		$this->log_in_as( 'editor' );
		$this->assertFalse( current_user_can( 'manage_cart_sessions' ) );

		$this->log_in_as( 'administrator' ); // Not manage_woocommerce here: WooCommerce grants it on install.
		$this->assertFalse( current_user_can( 'manage_cart_sessions' ) );
	}

	public function test_anonymous_visitor_never_has_it(): void {
		$this->assertFalse( current_user_can( 'manage_cart_sessions' ) );
		$this->woocommerce_is_active();
		$this->assertFalse( current_user_can( 'manage_cart_sessions' ) );
	}

	public function test_a_site_can_remap_it(): void {
		$this->add_test_filter(
			'cart_sessions_mapped_capability',
			static function () {
				return 'edit_others_posts';
			}
		);
		$this->log_in_as( 'editor' );
		$this->assertTrue( current_user_can( 'manage_cart_sessions' ) );
		$this->log_in_as( 'author' );
		$this->assertFalse( current_user_can( 'manage_cart_sessions' ) );
	}

	public function test_a_bad_mapping_falls_back_to_the_default(): void {
		$this->add_test_filter( 'cart_sessions_mapped_capability', '__return_empty_string' );
		$this->log_in_as( 'administrator' );
		$this->assertTrue( current_user_can( 'manage_cart_sessions' ) );
		$this->log_in_as( 'editor' );
		$this->assertFalse( current_user_can( 'manage_cart_sessions' ) );
	}

	public function test_granting_it_directly_to_a_user_works(): void {
		$this->log_in_as( 'author', array( 'manage_cart_sessions' ) );
		$this->assertTrue( current_user_can( 'manage_cart_sessions' ) );
	}
}
