<?php
/**
 * The suggested privacy-policy text: registered with WordPress's policy guide, naming what the plugin keeps (with
 * this site's table names) and the retention periods as they are set.
 */

declare(strict_types=1);

use CartSessions\Privacy\PolicyText;
use CartSessions\Privacy\Retention;

final class PolicyTextTest extends WpTestCase {

	public function test_the_text_names_what_is_kept_and_for_how_long(): void {
		global $wpdb;
		update_option( Retention::AUDIT_OPTION, 45 );
		update_option( Retention::HISTORY_OPTION, 730 );
		$text = PolicyText::content();
		foreach ( array( 'cart_sessions_audit', 'cart_sessions_runs', 'cart_sessions_snapshots' ) as $table ) {
			$this->assertStringContainsString( '<code>' . $wpdb->prefix . $table . '</code>', $text );
		}
		$this->assertStringContainsString( 'Kept for 45 days', $text );
		$this->assertStringContainsString( 'Kept for 730 days', $text );
		$this->assertSame(
			2,
			substr_count( $text, 'Kept for 730 days' ),
			'runs and snapshots follow the history period'
		);
		$this->assertStringContainsString( 'encrypted', $text );
		$this->assertStringContainsString( 'debug log', $text );
		$this->assertStringNotContainsString( '<script', $text );
	}

	public function test_it_is_added_to_the_privacy_policy_guide_on_admin_init(): void {
		global $wp_filter, $wp_actions, $current_screen;
		$hooked = false;
		foreach ( $wp_filter['admin_init']->callbacks as $callbacks ) {
			foreach ( $callbacks as $callback ) {
				$hooked = $hooked || (
					is_array( $callback['function'] )
					&& $callback['function'][0] instanceof PolicyText
				);
			}
		}
		$this->assertTrue( $hooked, 'Plugin::boot() hooks PolicyText on admin_init' );

		require_once ABSPATH . 'wp-admin/includes/misc.php';
		require_once ABSPATH . 'wp-admin/includes/class-wp-privacy-policy-content.php';
		$this->log_in_as( 'administrator' );
		// What WordPress checks: in wp-admin, during or after admin_init.
		$screen_before = $current_screen;
		$runs_before   = $wp_actions['admin_init'] ?? 0;
		set_current_screen( 'options-privacy' );
		$wp_actions['admin_init'] = $runs_before + 1;
		try {
			( new PolicyText() )->add();
			$suggested = WP_Privacy_Policy_Content::get_suggested_policy_text();
		} finally {
			$wp_actions['admin_init'] = $runs_before;
			$current_screen           = $screen_before;
		}
		$ours = array_values(
			array_filter(
				$suggested,
				static function ( array $entry ): bool {
					return 'Cart Sessions for CoCart' === $entry['plugin_name'];
				}
			)
		);
		$this->assertCount( 1, $ours );
		$this->assertStringContainsString( 'audit log of deleted carts', $ours[0]['policy_text'] );
	}
}
